# reference: accepted
exception Oops {
  1: string message
}

service S {
  Oops last_error()
  void report(1: Oops error)
}

struct Holder {
  1: Oops error
  2: list<Oops> errors
}
