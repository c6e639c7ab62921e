# reference: Error: Field b provides another default value for union U
union U {
  1: i32 a = 1
  2: string b = "x"
}
