# reference: No enum value or constant found named "MAX_RETRIES"!
struct Config {
  1: i32 retries = MAX_RETRIES
}

const i32 MAX_RETRIES = 3
