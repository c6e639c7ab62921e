typedef i32 Id
typedef string Name

struct Item {
  1: Id id,
  2: Name name,
  3: list<Id> related,
}

service Catalog {
  Item get(1: Id id),
}
