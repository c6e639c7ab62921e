struct User {
  1: string name,
  2: optional string nickname,
}
