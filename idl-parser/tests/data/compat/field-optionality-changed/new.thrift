struct User {
  1: optional string name,
  2: string nickname,
}
