struct Blob {
  1: binary data,
}
