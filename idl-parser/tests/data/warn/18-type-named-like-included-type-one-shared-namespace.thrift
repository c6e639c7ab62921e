# reference: accepted with warning: Duplicate typename Item found in 18-type-named-like-included-type-one-shared-namespace,py,shop and shop_py,py,shop [file,scope,ns] (printed twice)
namespace py shop
namespace java com.example.local

include "support/shop_py.thrift"

struct Item {}
