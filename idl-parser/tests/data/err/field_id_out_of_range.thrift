struct User {
  4294967296: string name
}
