# reference: accepted
typedef Later Alias

struct Later {
  1: i32 a
}
