# reference: accepted
const i32 A = -1
const double B = -2.5
const i64 C = -9223372036854775808
