namespace rs shop

enum Status {
  OPEN = 1,
  PAID = 2,
  SHIPPED = 3,
}

struct Money {
  1: double cents,
  2: string currency,
}

struct Order {
  1: i64 id,
  2: Money total,
  3: Status status,
  5: optional string coupon,
}

service Shop {
  Order get(1: i64 id),
  void cancel(1: i64 id, 2: string reason),
}
