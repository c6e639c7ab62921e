struct User {
  1: string full_name,
}
