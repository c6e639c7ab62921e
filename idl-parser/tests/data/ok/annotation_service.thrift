# reference: accepted
service S {
  void f()
} (service.note = "s")
