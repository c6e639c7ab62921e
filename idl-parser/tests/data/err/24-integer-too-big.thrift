# reference: This integer is too big: "9223372036854775808"
const i64 X = 9223372036854775808
