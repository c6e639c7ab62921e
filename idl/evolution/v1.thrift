// evolution/v1.thrift - the first version of a schema; v2.thrift evolves it compatibly.
// The evolution tests send values of each version to the other with every protocol.

namespace rs trift.evolution.v1
namespace py evolution.v1

enum Status {
  ACTIVE = 1,
  SUSPENDED = 2,
}

union Contact {
  1: string email
  2: string phone
}

struct Account {
  1: required i64 id
  2: string name
  3: Status status = Status.ACTIVE
  4: optional Contact contact
  5: list<Status> history
}
