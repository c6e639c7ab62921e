# reference: accepted
struct S {
  1: i32 a (field.note = "a"; other = 'b')
}
