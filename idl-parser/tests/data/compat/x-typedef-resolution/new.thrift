typedef i64 Id
typedef string Label

struct Item {
  1: Id id,
  2: Label name,
  3: list<Id> related,
}

service Catalog {
  Item get(1: Id id),
}
