# reference: accepted
enum E {
  A = 10
  B = 1
  C
}
