# reference: Identifier a.b can't have a dot.
struct a.b {
  1: i32 x
}
