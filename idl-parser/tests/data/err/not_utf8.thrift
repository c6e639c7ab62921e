struct A {
  1: string café
}
