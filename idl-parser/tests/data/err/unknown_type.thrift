struct Order {
  1: Customer customer
}
