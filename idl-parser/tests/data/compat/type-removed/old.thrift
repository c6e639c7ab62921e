struct Point {
  1: double x,
}

struct Legacy {
  1: i32 value,
}
