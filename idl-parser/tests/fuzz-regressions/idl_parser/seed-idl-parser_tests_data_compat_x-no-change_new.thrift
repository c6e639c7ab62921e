struct A {
  1: i32 x,
}

service S {
  A get(),
}
