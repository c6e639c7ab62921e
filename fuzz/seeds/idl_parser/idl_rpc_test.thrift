// The test service of the RPC tests in tests/rpc (crate trift-rpc-tests):
// its build.rs generates the Rust service from this file with trift-codegen,
// and the generated client and server carry the end-to-end, TCP, HTTP,
// worker-thread and resilience tests. Every kind of call is here: two-way
// with and without arguments, void, oneway, inherited (Base), declared
// exceptions, a slow method (out-of-order replies, deadlines, shutdown with
// calls in flight), a panicking handler, and a string entry large payloads
// travel in. The Python interop tests (tests/interop/py) use Apache's stubs
// generated from it; codegen's snapshot tests render it too.

namespace py rpc_test
namespace rs rpc_test

/// Thrown by divide when the divisor is zero.
exception DivideByZero {
  1: string message,
}

/// Thrown by divide when the quotient does not fit (i32::MIN / -1).
exception Overflow {
  1: string message,
  2: i32 dividend,
}

/// The base service: every Calculator also serves these.
service Base {
  /// No arguments: answers "pong".
  string ping(),
}

service Calculator extends Base {
  /// Two-way with arguments.
  i64 add(1: i32 a, 2: i32 b),

  /// Void: stores the entry (observable through last_entry).
  void record(1: string entry),

  /// No arguments: the last recorded or notified entry.
  string last_entry(),

  /// Oneway: the server records the event; nothing is answered.
  oneway void notify(1: string event),

  /// Two declared exceptions.
  i32 divide(1: i32 dividend, 2: i32 divisor) throws (1: DivideByZero zero, 2: Overflow overflow),

  /// Sleeps sleep_ms milliseconds, then returns value (out-of-order replies).
  i32 delayed_echo(1: i32 value, 2: i32 sleep_ms),

  /// The handler panics (INTERNAL_ERROR, and the server keeps serving).
  void crash(),
}
