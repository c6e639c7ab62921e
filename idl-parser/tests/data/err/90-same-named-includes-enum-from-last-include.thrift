# reference: type error: const MODE was declared as type Mode which is an enum, but shared.Mode.FAST is not a valid value for that enum
include "support/modes_a/shared.thrift"
include "support/modes_c/shared.thrift"

// `shared.Mode` is the enum of the include written last (modes_c), which has no FAST
const shared.Mode MODE = shared.Mode.FAST
