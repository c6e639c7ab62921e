# reference: Type "Count" not defined
const Count ZERO = 0

typedef i32 Count
