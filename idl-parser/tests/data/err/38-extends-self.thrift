# reference: Service "S" has not been defined. (extends needs an earlier definition, so a self-extend is the only writable extends cycle)
service S extends S {
  void ping()
}
