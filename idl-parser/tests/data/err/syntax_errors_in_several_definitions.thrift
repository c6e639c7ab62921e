struct A {
  1: i32 a,
  2:
}

struct B {
  1: i32 b
}

enum C {
  X = ,
}

service D {
  void f(
}

struct E {
  1: i32 ok
  2: list<i32 broken
}
