enum Color { RED, GREEN }
const Color favourite = Color.BLUE
