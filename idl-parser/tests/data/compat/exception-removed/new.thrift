exception NotFound {
  1: string what,
}

service Store {
  string get(1: string key),
}
