# reference: 64-bit value supplied for enum A will be truncated.
enum E {
  A = -2147483649
}
