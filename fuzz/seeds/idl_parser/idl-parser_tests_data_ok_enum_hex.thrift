# reference: accepted
enum E {
  A = 0x1
  B = 0xff
}
