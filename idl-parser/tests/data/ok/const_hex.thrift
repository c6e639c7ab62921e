# reference: accepted
const i32 A = 0x7fffffff
const i32 B = 0xAbC
const i64 C = -0x10
