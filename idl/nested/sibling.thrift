// nested/sibling.thrift - included as "../sibling.thrift" by deeper/relative_include.thrift;
// itself includes "../tutorial/shared.thrift" (a relative path climbing out of nested/).

include "../tutorial/shared.thrift"

namespace rs trift.nested.sibling
namespace py nested_sibling

enum Mode { SLOW, FAST }

struct SiblingStruct {
  1: string key
  2: optional shared.SharedStruct cached
}

service SiblingService extends shared.SharedService {
  oneway void touch(1: string key)
}
