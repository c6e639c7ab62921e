# reference: syntax error
service S {
  void ping
}
