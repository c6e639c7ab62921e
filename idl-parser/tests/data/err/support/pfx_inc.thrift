# support file: a constant `C` (err/enum_value_named_like_included_constant.thrift)
const i32 C = 1
