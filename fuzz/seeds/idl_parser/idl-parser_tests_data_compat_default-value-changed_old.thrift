struct Config {
  1: i32 retries = 3,
}
