# reference: Enum shared.LIMIT is already defined! (reported at support/limits_b/shared.thrift:3)
include "support/limits_a/shared.thrift"
include "support/limits_b/shared.thrift"
