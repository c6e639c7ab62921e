# reference: accepted
enum E {
  MIN = -2147483648
  NEG = -1
  NEXT
}
