// A service two levels down an extends chain that crosses an include
// (Scientific -> rpc_test.Calculator -> rpc_test.Base), with method
// annotations that generated metadata exposes (`idempotent` marks methods a
// retry layer may resend). Used by tests/rpc.

include "rpc_test.thrift"

namespace rs rpc_extends
namespace py rpc_extends

service Scientific extends rpc_test.Calculator {
  /** Safe to retry: the same input always gives the same answer. */
  double square_root(1: double value) throws (1: rpc_test.Overflow negative) (idempotent),

  /** Not idempotent: each call advances the counter. */
  i64 next_id() (deprecated = "use add", timeout_ms = "50"),
}
