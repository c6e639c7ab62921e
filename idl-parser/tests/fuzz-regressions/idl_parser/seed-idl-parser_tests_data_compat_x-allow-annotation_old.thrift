struct Order {
  1: i32 quantity,
  2: string note,
}
