struct Coord {
  1: double x,
  2: double y,
}

service Geo {
  double distance(1: Coord a, 2: Coord b),
}
