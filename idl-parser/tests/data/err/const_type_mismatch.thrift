const i32 answer = "forty-two"
