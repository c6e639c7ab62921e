namespace rs shop.v1
namespace py shop

struct Order {
  1: i64 id,
}
