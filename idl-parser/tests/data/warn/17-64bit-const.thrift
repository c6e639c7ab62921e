# reference: accepted with warning: 64-bit constant "4294967296" may not work in all languages.
const i64 BIG = 4294967296
