# support file: `namespace * shop` and a struct `Item` (err/86)
namespace * shop
struct Item {}
