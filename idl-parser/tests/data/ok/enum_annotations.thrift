# reference: accepted
enum E {
  A = 1 (display = "a")
  B (deprecated)
} (repr = 'i32')
