# reference: accepted
enum Color {
  RED = 1
  BLUE = 2
}

const Color FAVOURITE = Color.BLUE
