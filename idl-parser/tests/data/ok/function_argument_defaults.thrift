# reference: accepted
service S {
  void f(1: i32 limit = 10, 2: bool reverse = false)
}
