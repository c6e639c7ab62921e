# reference: This integer is too big: "0x1ffffffffffffffff"
const i64 X = 0x1ffffffffffffffff
