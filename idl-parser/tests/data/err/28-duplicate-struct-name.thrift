# reference: Type "S" is already defined.
struct S {
  1: i32 a
}

struct S {
  1: i32 b
}
