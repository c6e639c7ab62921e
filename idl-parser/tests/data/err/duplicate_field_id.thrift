struct User {
  1: string name,
  1: string email
}
