# reference: Service "Nope" has not been defined.
service S extends Nope {
  void ping()
}
