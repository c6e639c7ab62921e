# reference: accepted, no warning (`shared.Box` silently means the Box of the include written last) - trift-warns case: trift warns that the name is ambiguous
include "support/box_a/shared.thrift"
include "support/box_b/shared.thrift"

struct Crate {
  1: shared.Box box
}
