# reference: syntax error
struct S {
  1: a
}
