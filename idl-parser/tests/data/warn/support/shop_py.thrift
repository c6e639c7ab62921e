# support file: `namespace py shop` and a struct `Item` (warn/18)
namespace py shop
struct Item {}
