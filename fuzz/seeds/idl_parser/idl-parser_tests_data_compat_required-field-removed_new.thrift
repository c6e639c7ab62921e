struct Login {
  1: string user,
}
