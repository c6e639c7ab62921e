enum Kind {
  A = 1,
}

struct Blob {
  1: binary data,
  2: Kind kind,
}
