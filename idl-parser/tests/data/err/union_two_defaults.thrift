union Choice {
  1: i32 number = 1,
  2: string text = "one"
}
