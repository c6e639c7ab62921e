// annotations.thrift - annotations in every place the grammar allows them:
// namespace (not `namespace *`), typedef, enum, enum member, struct, union, exception, service,
// function, field, base type, container type (map/set/list), with and without values,
// both quote styles, dotted keys, a repeated key, and ',' / ';' / no separators between pairs.

namespace rs trift.everything.annotations (trift.module = "annotations")
namespace py everything.annotations (py.note = 'on a namespace';)
namespace xsd test (uri = 'http://thrift.apache.org/ns/ThriftTest')

typedef i32 (cpp.type = "int32_t") AnnotatedBaseTypedef (on.typedef = "yes")

typedef map<string, string> (cpp.template = "std::unordered_map") AnnotatedMap

enum Status {
  OK = 0 (http.code = "200"),
  MISSING = 1 (http.code = "404", deprecated)
} (enum.repr = "i32")

struct Annotated {
  1: i32 plain (field.note = "field")
  2: i32 (base.note = "base type") on_base_type
  3: list<i32> (container.note = "list") on_list
  4: set<string> (container.note = "set") on_set
  5: map<string, i32> (container.note = "map") on_map
  6: list<list<i32> (inner = "1")> (outer = "2") nested_annotations
  7: string everywhere = "x" (a = "b", c)
  8: i64 separators (one = "1", two = '2'; three four = "4")
  9: i32 repeated (tag = "first", tag = "second")
  10: string empty_parens ()
} (
  struct.note = "struct",
  python.immutable = "",
  bare_key
)

union AnnotatedUnion {
  1: i32 a (u.field = "x")
} (union.note = "union")

exception AnnotatedException {
  1: string message (ex.field = "x")
} (ex.note = "exception")

service AnnotatedService {
  void call(1: i32 arg (arg.note = "argument")) throws (1: AnnotatedException e (throws.note = "t"))
    (fn.note = "function")
  oneway void fire() (fn.oneway = "true")
} (svc.note = "service")
