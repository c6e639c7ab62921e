# reference: Throws clause may not contain non-exception types
struct NotAnException {
  1: string message
}

service S {
  void f() throws (1: NotAnException e)
}
