# reference: Type "Color" not defined
struct Paint {
  1: Color color = Color.RED
}

enum Color { RED, GREEN }
