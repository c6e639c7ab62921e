# reference: accepted
namespace py local

include "support/shop_py.thrift"

struct Item {
  1: shop_py.Item inner
}
