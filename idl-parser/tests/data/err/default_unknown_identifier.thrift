struct Config {
  1: i32 retries = DEFAULT_RETRIES
}
