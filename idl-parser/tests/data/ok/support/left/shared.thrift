# reference: accepted
# support file for ../../include_same_base_name.thrift: same base name as ../right/shared.thrift
struct Left { 1: i32 l }
enum Side { WEST, EAST }
const i32 LEFT_LIMIT = 3
service LeftService { void ping() }
