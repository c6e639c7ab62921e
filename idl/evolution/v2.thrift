// evolution/v2.thrift - v1.thrift evolved compatibly: an optional field, default-requiredness
// fields with defaults, new enum values and a new union arm. Field ids are never reused.

namespace rs trift.evolution.v2
namespace py evolution.v2

enum Status {
  ACTIVE = 1,
  SUSPENDED = 2,
  CLOSED = 3,
  ARCHIVED = 4,
}

union Contact {
  1: string email
  2: string phone
  3: string pager
}

struct Account {
  1: required i64 id
  2: string name
  3: Status status = Status.ACTIVE
  4: optional Contact contact
  5: list<Status> history
  6: optional string nickname
  7: i32 score = 100
  8: list<string> tags = ["new"]
  9: Status tier = Status.SUSPENDED
}
