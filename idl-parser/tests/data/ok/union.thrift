# reference: accepted
union U {
  1: i32 number
  2: string text = "x"
}
