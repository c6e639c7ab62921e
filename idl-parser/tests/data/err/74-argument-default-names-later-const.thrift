# reference: No enum value or constant found named "MAX_ATTEMPTS"!
service Jobs {
  void run(1: i32 attempts = MAX_ATTEMPTS)
}

const i32 MAX_ATTEMPTS = 3
