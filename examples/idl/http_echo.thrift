// The service of the http-echo example: Thrift over HTTP, callable with curl.

namespace rs http_echo
namespace py http_echo

/// Thrown by echo for an empty message.
exception EmptyMessage {
  1: string reason,
}

service Echo {
  /// Returns the message.
  string echo(1: string message) throws (1: EmptyMessage empty),

  /// Adds two numbers.
  i64 add(1: i32 a, 2: i32 b),

  /// Logs a line on the server; nothing is answered.
  oneway void log(1: string line),
}
