struct Order {
  1: i64 id,
  2: double quantity,
}

service Shop {
  void place(1: Order order),
}
