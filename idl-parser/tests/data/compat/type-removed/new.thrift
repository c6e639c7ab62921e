struct Point {
  1: double x,
}
