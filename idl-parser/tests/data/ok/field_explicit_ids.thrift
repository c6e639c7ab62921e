# reference: accepted
struct S {
  5: i32 five
  1: i32 one
  32767: i32 max
}
