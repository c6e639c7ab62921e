struct Tree {
  1: i64 value,
  2: list<Tree> children,
}

service Forest {
  Tree grow(1: Tree seed),
}
