# reference: Enum plain.SIZE is already defined! (reported at support/plain.thrift:5)
include "support/plain.thrift"
include "support/plain.thrift"
