# reference: Type "Store" is already defined. (after the warning: Duplicate typename Store found in 85-struct-named-like-included-service and plain)
include "support/plain.thrift"

struct Store {}
