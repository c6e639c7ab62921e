// a/shared.thrift - one of two files with the same base name `shared` in different folders
// (see ../b/shared.thrift). Included by ../uses_a_shared.thrift.

namespace rs trift.a.shared
namespace py a_shared

enum Flavor { PLAIN, SALTED }

struct Item {
  1: string name
  2: Flavor flavor = Flavor.PLAIN
}

const i32 A_ONLY = 1

service AService {
  Item get(1: string name)
}
