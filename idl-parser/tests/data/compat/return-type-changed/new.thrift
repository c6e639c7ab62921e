service Calc {
  i64 add(1: i32 a, 2: i32 b),
}
