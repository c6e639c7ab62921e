exception NotFound {
  1: string what,
}

exception Denied {
  1: string who,
}

service Store {
  string get(1: string key) throws (1: NotFound problem),
}
