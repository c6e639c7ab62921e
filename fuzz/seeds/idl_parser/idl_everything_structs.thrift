// structs.thrift - struct, union and exception definitions and every part of the Field rule:
// explicit and implicit (warning: auto-assigned negative) field ids, required / optional /
// default requiredness, the `&` reference marker, default values of every kind, containers
// nested deep, cpp_type on map/set (leading) and list (trailing; the leading list form is
// 0.18+, see ../modern/list_leading_cpp_type.thrift), the legacy xsd_all / xsd_optional / xsd_nillable /
// xsd_attrs { } words, doc comments on fields, and ',' / ';' / no separators.

namespace rs trift.everything.structs
namespace py everything.structs

enum Level { LOW, HIGH }

/** An empty struct. */
struct Empty {}

/** Requiredness and default values. */
struct Requiredness {
  1: required i32 must_have
  2: optional i32 may_have
  3: i32 default_requiredness
  4: required string with_default = "x"
  5: optional double optional_default = 1.5
  6: bool flag = true
  7: Level level = Level.HIGH
  8: list<i32> list_default = [1, 2, 3]
  9: map<string, i32> map_default = {"a": 1}
  10: set<Level> set_default = [Level.LOW]
  11: Empty struct_default = {}
  12: i64 hex_default = 0xff
  13: i16 negative_default = -1
}

/** Implicit field ids (each warns "No field key specified"); ids count down from -1. */
struct ImplicitIds {
  i32 first
  string second
  3: i32 explicit_between
  optional bool third
}

/** Sparse, out-of-order and large field ids, with mixed separators. */
struct SparseIds {
  100: i32 hundred,
  2: i32 two;
  32767: i32 max_id
  50: i32 fifty
}

/** Recursive types via the `&` reference marker. */
struct TreeNode {
  1: i32 value
  2: optional TreeNode & left
  3: optional TreeNode & right
  4: list<TreeNode> children
  5: required Requiredness & required_ref
}

/** Deeply nested containers and cpp_type. */
struct Containers {
  1: list<i32> ints
  2: set<string> strings
  3: map<string, i64> counts
  4: list<list<list<list<i32>>>> four_deep
  5: map<string, map<i32, list<set<Level>>>> mixed_deep
  6: map<list<string>, set<map<i32, string>>> container_keys
  7: set<list<binary>> blobs
  8: map cpp_type "std::unordered_map<int32_t, std::string>" <i32, string> cpp_map
  9: set cpp_type "std::unordered_set<std::string>" <string> cpp_set
  10: list<i32> cpp_type "std::vector<int32_t>" trailing_cpp_type
  12: list<Requiredness> structs
  13: map<Level, TreeNode> enum_keys
}

/** Doc comments on fields. */
struct Documented {
  /** the id */
  1: i64 id,
  /**
   * a multi-line
   * doc comment
   */
  2: string name,
  // a plain comment is not a doc comment
  3: i32 plain
}

/** A union; every member is implicitly optional, at most one has a default. */
union Value {
  1: i64 int_value
  2: double double_value = 0.0
  3: string string_value
  4: binary binary_value
  5: list<Value> list_value
  6: map<string, Value> map_value
}

union EmptyUnion {}

/** An exception with the usual message field and a nested struct. */
exception NotFound {
  1: string message
  2: optional i32 code = 404
  3: Documented detail
}

exception EmptyException {}

/** Legacy XSD words (accepted and ignored by most generators). */
struct XsdStruct xsd_all {
  1: i32 plain_field
  2: optional string opt_field xsd_optional
  3: optional string nil_field xsd_nillable
  4: optional string both xsd_optional xsd_nillable
  5: optional Empty with_attrs xsd_attrs {
    1: string attr_one
    2: i32 attr_two
  }
  6: optional i32 everything = 1 xsd_optional xsd_nillable xsd_attrs { 1: i32 a } (note = "last")
}

union XsdUnion xsd_all {
  1: i32 a
  2: string b
}
