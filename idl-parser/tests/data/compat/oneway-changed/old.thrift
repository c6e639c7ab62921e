service Log {
  void write(1: string line),
}
