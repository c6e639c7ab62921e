# reference: Type "Item" is already defined. (after the warning: Duplicate typename Item found in 84-typedef-named-like-included-type and plain)
include "support/plain.thrift"

typedef plain.Item Item
