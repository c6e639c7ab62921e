# reference: accepted
enum E {
  A
  B
  C
}
