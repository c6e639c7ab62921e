struct Login {
  1: required string user,
  2: optional string token,
}
