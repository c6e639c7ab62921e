// hygiene.thrift - definitions named like Rust prelude items and std types. Generated code
// names std items only through `::trift::__codegen`, so none of these may shadow what it uses.

namespace rs trift.hygiene
namespace py hygiene

enum Some { A, B }
enum Ok { YES = 1 }

struct Option {
  1: i32 value
}

struct Vec {
  1: list<Option> items
}

struct String {
  1: binary bytes
}

struct Box {
  1: optional Box inner
  2: Some which
}

union Result {
  1: Option ok
  2: String err
}

exception Default {
  1: string message
}

struct Uses {
  1: Option option
  2: Vec vec
  3: String text
  4: Box boxed
  5: Result result = {"ok": {"value": 1}}
  6: map<String, Some> by_name
  7: optional Ok ok
  8: list<Default> errors
}

const Option ONE = {"value": 1}
const Some SOME = Some.B

// Arguments, results and exceptions named like what generated service code
// uses for itself (the decoder's `reader` and `field`, the encoder's
// `writer`, the client's `request` and `reply`, the server's `handler` and
// `args`).
service Hygiene {
  i32 shadow(1: string reader, 2: i32 field, 3: i32 writer, 4: i32 value, 5: i32 request,
             6: i32 reply, 7: i32 handler, 8: i32 args, 9: i32 out, 10: i32 err)
      throws (1: Default field, 2: Default err),
  oneway void sent(1: i32 sent, 2: i32 reader),
}
