# reference: accepted with warning: Union U field a: union members must be optional, ignoring specified requiredness.
union U {
  1: required i32 a
  2: string b
}
