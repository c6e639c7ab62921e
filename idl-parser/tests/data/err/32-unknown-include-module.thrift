# reference: Type "foo.Bar" not defined
struct S {
  1: foo.Bar a
}
