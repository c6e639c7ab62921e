# reference: Type "Kind" is already defined.
enum Kind {
  A
}

typedef i32 Kind
