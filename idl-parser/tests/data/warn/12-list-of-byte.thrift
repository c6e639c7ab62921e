# reference: accepted with warning: Consider using the more efficient "binary" type instead of "list<byte>".
struct S {
  1: list<i8> bytes
}
