# reference: Type "Color" not defined
struct Paint {
  1: Color color
}

const Paint RED_PAINT = {"color": 1}

enum Color { RED = 1 }
