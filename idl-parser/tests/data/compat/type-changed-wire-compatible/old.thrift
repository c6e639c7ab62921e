enum Kind {
  A = 1,
}

struct Blob {
  1: string data,
  2: Kind kind,
}
