# reference: syntax error
const i32 X = 0xZZ
