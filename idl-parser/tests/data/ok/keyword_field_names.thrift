# reference: accepted by 0.25 (0.18+); 0.17 rejects: syntax error
struct S {
  1: i32 i8
  2: string string
  3: list<i32> list
  4: i32 required
  5: i32 service
}

service Svc {
  void f(1: i32 map)
}
