# reference: accepted
# support file for ../include_type_named_like_included_type.thrift: `namespace py shop` and a struct `Item`
namespace py shop
struct Item { 1: i32 id }
