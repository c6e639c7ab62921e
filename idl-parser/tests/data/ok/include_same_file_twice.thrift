# reference: accepted
include "support/shop_py.thrift"
include "support/shop_py.thrift"

struct Holder {
  1: shop_py.Item item
}
