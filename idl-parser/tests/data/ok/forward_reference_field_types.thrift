# reference: accepted
struct Order {
  1: Item item
  2: list<Item> extras
  3: map<Status, Item> by_status
}

service Shop {
  Item get(1: Status status)
  Status status_of(1: Item item)
}

struct Item { 1: i32 id }
enum Status { OPEN, CLOSED }
