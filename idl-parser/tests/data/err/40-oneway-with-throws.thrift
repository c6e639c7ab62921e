# reference: Oneway methods can't throw exceptions.
exception E {
  1: string message
}

service S {
  oneway void f() throws (1: E e)
}
