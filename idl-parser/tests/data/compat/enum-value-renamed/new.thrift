enum Color {
  RED = 1,
  LIME = 2,
}
