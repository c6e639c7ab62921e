struct Order {
  1: Customer customer,
  1: i32 quantity,
  3: string quantity
}
const i32 limit = "ten"
service Shop extends Nowhere {
  void buy() throws (1: Order o)
}
