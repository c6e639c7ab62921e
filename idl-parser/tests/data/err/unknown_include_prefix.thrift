struct Order {
  1: billing.Invoice invoice
}
