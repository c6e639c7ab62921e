namespace rs shop.v2
namespace py shop

struct Order {
  1: i64 id,
}
