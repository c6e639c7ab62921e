exception Problem {
  1: string message,
}

service Api {
  Problem last(),
}
