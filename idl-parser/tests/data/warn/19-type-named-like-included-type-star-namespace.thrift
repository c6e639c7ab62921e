# reference: accepted with warning: Duplicate typename Item found in 19-type-named-like-included-type-star-namespace,py,shop and shop_star,py,shop [file,scope,ns]
namespace py shop

include "support/shop_star.thrift"

struct Item {}
