# reference: Type "Item" is already defined. (after the warning: Duplicate typename Item found in 83-type-named-like-included-type and plain)
include "support/plain.thrift"

struct Item {
  1: plain.Item inner
}
