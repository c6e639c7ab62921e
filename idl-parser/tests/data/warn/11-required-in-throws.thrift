# reference: 0.25 (THRIFT-5669): warning, `required` dropped from the throws member; 0.17: silently accepted, no warning
exception E {
  1: string message
}

service S {
  void f() throws (1: required E e)
}
