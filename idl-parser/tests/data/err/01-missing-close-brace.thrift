# reference: syntax error
struct S {
  1: i32 a
