struct Point {
  1: double x,
}

struct Size {
  1: double width,
}
