# reference: Enum shared.Mode.FAST is already defined! (reported at support/modes_b/shared.thrift:3)
include "support/modes_a/shared.thrift"
include "support/modes_b/shared.thrift"
