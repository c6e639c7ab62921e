# reference: accepted with warning: optional keyword is ignored in argument lists.
service S {
  void f(1: optional i32 a)
}
