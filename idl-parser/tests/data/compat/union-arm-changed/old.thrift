union Value {
  1: i32 number,
  2: string text,
  3: bool flag,
}
