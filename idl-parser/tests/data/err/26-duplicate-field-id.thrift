# reference: "1: b" - field identifier/name has already been used
struct S {
  1: i32 a
  1: i32 b
}
