enum Color {
  RED = 1,
}
