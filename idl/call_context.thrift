// The test service of the call-context tests in tests/rpc (crate
// trift-rpc-tests): a chain of hops, each reporting what it saw of the
// call it served (headers, deadline, trace) and what the next hop saw.
namespace rs call_context

/// What one hop saw of the call it served.
struct Seen {
  /// The caller's headers.
  1: map<string, string> headers,
  /// Milliseconds left of the caller's deadline, or -1 without one.
  2: i64 remaining_ms,
  /// The trace id, 32 hex digits ("" without a context).
  3: string trace_id,
  /// The server span's own id, 16 hex digits.
  4: string span_id,
  /// The caller's span id, 16 hex digits ("" when it sent none).
  5: string parent_span_id,
  /// What the next hop saw, when this hop called one.
  6: optional Seen next,
}

service Hop {
  /// Reports what this hop saw. With `forward`, it first calls the next
  /// hop's `inspect` (without forwarding). The last hop waits `sleep_ms`
  /// before it answers.
  Seen inspect(1: bool forward, 2: i32 sleep_ms),
}
