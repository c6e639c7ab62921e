# reference: Identifier a.b can't have a dot.
struct S {
  1: i32 a.b
}
