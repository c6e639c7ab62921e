// uses_both_shared.thrift - includes a/shared.thrift and b/shared.thrift, which have the same
// base name. As in Apache Thrift, their names share the one prefix `shared.`, and each reference
// resolves in whichever file defines it: Flavor, A_ONLY and AService are a's; BError is b's.
// Both files define `Item`; `shared.Item` would mean b's (the include written last) and trift
// would warn that it is ambiguous, so this file does not use it.

include "a/shared.thrift"
include "b/shared.thrift"

namespace rs trift.uses_both
namespace py uses_both

struct Tasting {
  1: shared.Flavor flavor = shared.Flavor.SALTED
  2: i32 portions = shared.A_ONLY
  3: optional shared.BError last_error
}

const Tasting FIRST_TASTING = {"flavor": shared.Flavor.PLAIN, "portions": 2}

service TastingService extends shared.AService {
  Tasting taste(1: shared.Flavor flavor) throws (1: shared.BError error)
}
