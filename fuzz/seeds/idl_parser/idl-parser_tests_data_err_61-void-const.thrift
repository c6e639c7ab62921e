# reference: syntax error
const void X = 1
