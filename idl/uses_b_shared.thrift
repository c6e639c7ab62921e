// uses_b_shared.thrift - includes b/shared.thrift (same base name as a/shared.thrift); the
// same reference `shared.Item` means a different struct here than in uses_a_shared.thrift.

include "b/shared.thrift"

namespace rs trift.uses_b
namespace py uses_b

struct Catalog {
  1: map<i64, shared.Item> items
}

service CatalogService extends shared.BService {
  Catalog all() throws (1: shared.BError error)
}
