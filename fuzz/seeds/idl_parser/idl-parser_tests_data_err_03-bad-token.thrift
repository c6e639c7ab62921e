# reference: Unexpected token in input: "@"
struct S {
  1: i32 a @
}
