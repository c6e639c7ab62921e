# reference: type error: const "X" was declared as bool
const bool X = "true"
