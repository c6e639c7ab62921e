// nested/deeper/relative_include.thrift - `../`-style includes from a subfolder: resolved
// relative to this file's folder first (no -I needed). Includes ../sibling.thrift and
// ../../tutorial/shared.thrift (which sibling.thrift includes as well: a diamond).

include "../sibling.thrift"
include "../../tutorial/shared.thrift"

namespace rs trift.nested.deeper
namespace py nested_deeper

struct UsesRelative {
  1: sibling.SiblingStruct sib
  2: shared.SharedStruct shared_struct
  3: sibling.Mode mode = sibling.Mode.FAST
}

service DeepService extends sibling.SiblingService {
  shared.SharedStruct fetch(1: sibling.SiblingStruct key)
}
