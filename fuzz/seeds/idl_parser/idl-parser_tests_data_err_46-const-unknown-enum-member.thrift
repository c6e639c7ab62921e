# reference: type error: const X was declared as type E which is an enum, but E.NOPE is not a valid value for that enum
enum E {
  A = 1
}

const E X = E.NOPE
