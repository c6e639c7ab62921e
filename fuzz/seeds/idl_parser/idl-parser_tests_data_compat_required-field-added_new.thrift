struct Login {
  1: string user,
  2: required string password,
}
