// uses_a_shared.thrift - includes a/shared.thrift through a subfolder path and uses its
// struct, enum, const and service as `shared.X`.

include "a/shared.thrift"

namespace rs trift.uses_a
namespace py uses_a

struct Order {
  1: shared.Item item
  2: shared.Flavor flavor = shared.Flavor.SALTED
  3: list<shared.Item> extras
  4: i32 count = shared.A_ONLY
}

const shared.Item DEFAULT_ITEM = {"name": "bagel", "flavor": shared.Flavor.PLAIN}

service OrderService extends shared.AService {
  Order place(1: shared.Item item)
}
