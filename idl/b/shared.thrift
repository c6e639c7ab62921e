// b/shared.thrift - same base name as ../a/shared.thrift but different contents; a file can
// include only one of the two (symbols are referenced by base name: `shared.Item`).
// Included by ../uses_b_shared.thrift.

namespace rs trift.b.shared
namespace py b_shared

struct Item {
  1: i64 id
  2: list<string> tags
}

exception BError {
  1: string message
}

service BService {
  Item get(1: i64 id) throws (1: BError error)
}
