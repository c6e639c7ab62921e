# reference: syntax error
struct S {
  1: map<string> m
}
