service Calc {
  i32 add(1: i64 a, 3: i32 b),
}
