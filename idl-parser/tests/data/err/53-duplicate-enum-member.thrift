# reference: Enum E.A is already defined!
enum E {
  A
  B
  A
}
