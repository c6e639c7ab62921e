enum Color {
  RED = 1,
  GREEN = 2,
}
