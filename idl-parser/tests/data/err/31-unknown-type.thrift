# reference: Type "Nope" not defined
struct S {
  1: Nope a
}
