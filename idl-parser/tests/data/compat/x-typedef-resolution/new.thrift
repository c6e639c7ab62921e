typedef i64 Id
typedef string Label

struct Item {
  1: Id id,
  2: Label name,
}

service Catalog {
  Item get(1: Id id),
}
