struct Login {
  1: optional string user,
  2: required string token,
}
