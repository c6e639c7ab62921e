# reference: accepted
exception Oops {
  1: string message
  2: i32 code
}
