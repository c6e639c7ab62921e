// services.thrift - services: extends (local and `Included.Service` via ../tutorial/shared.thrift,
// a `../`-relative include), void and typed returns, oneway and the deprecated `async` alias
// (warns), throws with one and several exceptions, empty argument lists, implicit argument ids
// (warn), `optional` in an argument list (ignored with a warning), defaults on arguments,
// doc comments and annotations on functions, and ',' / ';' / no separators between functions.

include "../tutorial/shared.thrift"

namespace rs trift.everything.services
namespace py everything.services

struct Request {
  1: string query
  2: optional i32 limit = 10
}

struct Response {
  1: list<string> rows
}

exception NotFound {
  1: string what
}

exception Unavailable {
  1: i32 retry_after_ms
}

/** An empty service. */
service Empty {}

/** The root of a local extends chain. */
service Base {
  /** Health check. */
  void ping(),
  string version();
  i64 now()
}

/** Extends a local service. */
service Middle extends Base {
  Response search(1: Request request) throws (1: NotFound not_found)

  Response search_all(1: Request request, 2: i32 page = 0, 3: bool reverse = false)
    throws (1: NotFound not_found, 2: Unavailable unavailable),

  /** Fire and forget. */
  oneway void log(1: string line),

  /** `async` is the deprecated spelling of `oneway` (warning). */
  async void log_async(1: string line)

  map<string, list<Response>> grouped(1: list<Request> requests, 2: set<string> keys);

  list<map<string, set<i32>>> nested_return()
}

/** Extends a local service that itself extends another (three levels). */
service Leaf extends Middle {
  Request echo(1: Request request) (trift.idempotent = "true", cacheable)

  /** Arguments without ids (warn), and `optional` in an argument list (warns, ignored). */
  void sloppy(i32 first, string second, 3: optional i32 third)

  void with_throws_separators(1: i32 a;) throws (1: NotFound nf; 2: Unavailable u;);
} (trift.service_note = "annotated service")

/** Extends a service from an included file, referenced as `<basename>.<Service>`. */
service Remote extends shared.SharedService {
  shared.SharedStruct roundtrip(1: shared.SharedStruct value)
  oneway void notify(1: shared.SharedStruct value)
}
