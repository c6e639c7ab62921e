enum Color { RED, GREEN }
const Color favourite = RED
