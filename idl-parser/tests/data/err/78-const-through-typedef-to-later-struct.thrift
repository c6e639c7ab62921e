# reference: Type "Point" not defined
typedef Point Origin

const Origin ORIGIN = {"x": 0}

struct Point {
  1: i32 x
}
