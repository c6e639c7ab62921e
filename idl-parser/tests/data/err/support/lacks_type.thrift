# support file for 33-type-missing-from-include: defines Other, not Missing.
struct Other {
  1: i32 x
}
