# reference: accepted
struct S {
  1: i32 a
  2: string b
  3: list<i32> c
}
