struct Point {
  1: double x,
  2: double y,
}

service Geo {
  double distance(1: Point a, 2: Point b),
}
