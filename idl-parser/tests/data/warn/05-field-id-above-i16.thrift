# reference: accepted with warning: Field key (40000) exceeds allowed range (-32768..32767).
struct S {
  40000: i32 big
}
