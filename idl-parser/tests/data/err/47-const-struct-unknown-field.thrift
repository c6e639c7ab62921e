# reference: 0.25: type error: Point has no field z; 0.17: No field named "z" was found in struct of type "Point"
struct Point {
  1: i32 x
  2: i32 y
}

const Point P = {"x": 1, "z": 2}
