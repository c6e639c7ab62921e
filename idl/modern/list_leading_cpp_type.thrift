// modern/list_leading_cpp_type.thrift - `list cpp_type "T" <E>`: the leading cpp_type on a list
// (newer grammar `tok_list CppType '<' FieldType '>' CppType`; the trailing form is deprecated).
// Debian's 0.17 only has the trailing form and reports a syntax error at `cpp_type`.

namespace rs trift.modern.list_cpp_type
namespace py modern_list_cpp_type

struct LeadingCppType {
  1: list cpp_type "std::deque<int32_t>" <i32> leading
  2: list<i32> cpp_type "std::vector<int32_t>" trailing
}

typedef list cpp_type "std::deque<std::string>" <string> StringDeque
