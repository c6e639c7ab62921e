typedef double Amount

struct Money {
  1: Amount amount,
  2: string currency,
}

struct Line {
  1: string sku,
  2: Money price,
}
