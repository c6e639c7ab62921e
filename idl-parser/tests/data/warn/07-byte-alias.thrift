# reference: accepted with warning: The "byte" type is a compatibility alias for "i8". Use "i8" to emphasize the signedness of this type.
struct S {
  1: byte b
}
