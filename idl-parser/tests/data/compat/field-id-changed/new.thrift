struct User {
  1: string name,
  3: string email,
}
