# reference: syntax error
struct string {
  1: i32 a
}
