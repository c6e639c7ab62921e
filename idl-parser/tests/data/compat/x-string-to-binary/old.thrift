struct Blob {
  1: string data,
}
