# support file: `namespace * shop` and a struct `Item` (warn/19)
namespace * shop
struct Item {}
