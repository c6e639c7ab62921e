# reference: accepted
exception A {}
exception B {}

service S {
  void f() throws (1: A a)
  i32 g(1: i32 x) throws (1: A a, 2: B b)
}
