enum Big {
  HUGE = 2147483648
}
