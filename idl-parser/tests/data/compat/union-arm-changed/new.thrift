union Value {
  1: i64 number,
  2: string text,
  4: double real,
}
