// base_types.thrift - every base type 0.17 knows (uuid lives in ../modern/uuid.thrift),
// base types carrying annotations, and the `byte` alias of i8 (warns).

namespace rs trift.everything.base_types
namespace py everything.base_types

struct AllBaseTypes {
  1: bool a_bool
  2: byte a_byte
  3: i8 an_i8
  4: i16 an_i16
  5: i32 an_i32
  6: i64 an_i64
  7: double a_double
  8: string a_string
  9: binary a_binary
}

struct AnnotatedBaseTypes {
  1: bool flag (trift.note = "annotation on the field")
  2: i32 (cpp.type = "int32_t") annotated_base
  3: string (python.type = "str", max_length = '64') annotated_string
  4: binary (cpp.type = "std::vector<uint8_t>") blob
  5: i64 (bare_key) bare_annotation_key
}

typedef i16 (unsigned = "false") ShortWithAnnotation
typedef double Real
