# reference: accepted
enum Color { RED = 1 }
typedef Color Hue
const i32 BASE = 10
const Hue DEFAULT_HUE = Color.RED
const list<i32> LIMITS = [BASE, Color.RED]

struct Paint {
  1: Hue hue = Color.RED
  2: i32 coats = BASE
}
