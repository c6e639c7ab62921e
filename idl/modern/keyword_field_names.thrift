// modern/keyword_field_names.thrift - keywords used as field, argument and throws names
// (THRIFT-5626, Apache 0.18+: FieldName may be any keyword token except cpp_type and xsd_*).
// Debian's 0.17 rejects this file with a syntax error at the first keyword name.

namespace rs trift.modern.keywords
namespace py modern_keywords

exception Problem {
  1: string message
}

struct KeywordNames {
  1: i32 i8
  2: i32 i16
  3: i32 i32
  4: i64 i64
  5: string string
  6: binary binary
  7: bool bool
  8: double double
  9: i8 byte
  10: list<i32> list
  11: set<i32> set
  12: map<i32, i32> map
  13: optional i32 required
  14: required i32 optional
  15: i32 struct
  16: i32 union
  17: i32 exception
  18: i32 service
  19: i32 enum
  20: i32 const
  21: i32 typedef
  22: i32 include
  23: i32 namespace
  24: i32 cpp_include
  25: i32 void
  26: i32 oneway
  27: i32 async
  28: i32 extends
  29: i32 throws
  30: i32 true
  31: i32 false
  32: i32 uuid
}

service KeywordArgs {
  void call(1: i32 list, 2: string map, 3: bool oneway) throws (1: Problem exception)
}
