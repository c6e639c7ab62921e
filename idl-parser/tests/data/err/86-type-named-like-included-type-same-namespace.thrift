# reference: Type "Item" is already defined. (after the warning: Duplicate typename Item found in 86-type-named-like-included-type-same-namespace,*,shop and ns_star_shop,*,shop [file,scope,ns])
namespace * shop

include "support/ns_star_shop.thrift"

struct Item {}
