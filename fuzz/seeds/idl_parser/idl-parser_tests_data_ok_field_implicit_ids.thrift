# reference: accepted
struct S {
  i32 first
  i32 second
}
