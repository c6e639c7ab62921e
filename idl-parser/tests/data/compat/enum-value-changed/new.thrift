enum Color {
  RED = 1,
  GREEN = 3,
}
