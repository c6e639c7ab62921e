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
