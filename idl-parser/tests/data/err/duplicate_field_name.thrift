struct User {
  1: string name,
  2: string name
}
