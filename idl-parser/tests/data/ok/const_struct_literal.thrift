# reference: accepted
struct Point {
  1: i32 x
  2: i32 y
}

struct Line {
  1: Point a
  2: Point b
}

const Point ORIGIN = {"x": 0, "y": 0}
const Line DIAGONAL = {"a": {"x": 0, "y": 0}, 'b': {'x': 1, 'y': 1}}
