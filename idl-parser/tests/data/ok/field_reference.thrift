# reference: accepted
struct Node {
  1: i32 value
  2: optional Node & next
}
