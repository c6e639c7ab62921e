# reference: accepted
struct S {
  1: required i32 a
  2: optional i32 b
  3: i32 c
}
