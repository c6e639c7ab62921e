# reference: 0.25: type error: P struct key must be string; 0.17: No field named "" was found in struct of type "Point"
struct Point {
  1: i32 x
}

const Point P = {1: 2}
