# reference: type error: const "X" was declared as string
const string X = 1
