namespace rs shop

enum Status {
  OPEN = 1,
  PAID = 2,
}

struct Money {
  1: i64 cents,
  2: string currency,
}

struct Order {
  1: i64 id,
  2: Money total,
  3: Status status,
  4: optional string note,
}

service Shop {
  Order get(1: i64 id),
  void cancel(1: i64 id),
}
