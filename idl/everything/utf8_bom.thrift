// utf8_bom.thrift - this file starts with a UTF-8 byte order mark (EF BB BF), which the
// reference compiler skips.

namespace rs trift.everything.bom
namespace py everything.bom

struct AfterBom {
  1: string text = "grüße"
}
