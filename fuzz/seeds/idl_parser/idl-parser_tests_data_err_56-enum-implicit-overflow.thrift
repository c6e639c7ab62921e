# reference: enum value overflow at enum B
enum E {
  A = 2147483647
  B
}
