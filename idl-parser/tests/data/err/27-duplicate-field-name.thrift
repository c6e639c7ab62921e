# reference: "2: a" - field identifier/name has already been used
struct S {
  1: i32 a
  2: string a
}
