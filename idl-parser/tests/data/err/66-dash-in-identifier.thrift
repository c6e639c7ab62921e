# reference: syntax error
struct my-struct {
  1: i32 a
}
