# reference: type error: const "P" was declared as struct/xception
struct Point {
  1: i32 x
}

const Point P = [1]
