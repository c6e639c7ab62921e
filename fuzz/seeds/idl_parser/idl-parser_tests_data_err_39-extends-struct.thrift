# reference: Service "Base" has not been defined.
struct Base {
  1: i32 a
}

service S extends Base {
  void ping()
}
