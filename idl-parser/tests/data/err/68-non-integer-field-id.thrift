# reference: syntax error
struct S {
  a: i32 x
}
