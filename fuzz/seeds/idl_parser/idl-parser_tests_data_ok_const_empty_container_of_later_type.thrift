# reference: accepted
const list<Color> NO_COLORS = []
const map<string, Color> NO_NAMES = {}

struct Palette {
  1: list<Color> colors = []
}

enum Color { RED = 1 }
