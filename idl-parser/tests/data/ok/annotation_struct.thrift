# reference: accepted
struct S {
  1: i32 a
} (python.immutable = "", note)

union U {
  1: i32 a
} (u = "1")

exception X {
  1: string m
} (x = "1")
