enum Edge {
  LAST = 2147483647,
  AFTER
}
