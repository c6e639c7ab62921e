struct A {
  1: slist names
}
