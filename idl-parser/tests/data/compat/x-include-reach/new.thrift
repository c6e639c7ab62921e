include "new/shared.thrift"

struct Order {
  1: i64 id,
  2: shared.Money total,
}

service Shop {
  Order place(1: list<shared.Line> lines),
}
