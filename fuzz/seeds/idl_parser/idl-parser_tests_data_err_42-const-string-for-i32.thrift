# reference: type error: const "X" was declared as i32
const i32 X = "one"
