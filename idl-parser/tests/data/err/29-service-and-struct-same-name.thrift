# reference: Type "Thing" is already defined.
struct Thing {
  1: i32 a
}

service Thing {
  void ping()
}
