# reference: accepted
const i8 A = 127
const i16 B = -32768
const i32 C = 2147483647
const i64 D = 2147483648
const i32 E = +5
