# reference: accepted
service S {
  void f(1: i32 a (arg = "1")) (fn.note = "f")
}
