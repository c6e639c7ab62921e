union Shape {
  1: double radius,
  2: double side,
}
