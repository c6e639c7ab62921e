// The Passenger service: owns passenger accounts.

include "common.thrift"

namespace rs taxi.passenger
namespace py taxi.passenger

/// A passenger's account.
struct Account {
  1: common.PassengerId id,
  2: string name,
  3: i32 completedTrips,
}

/// No account has this id.
exception UnknownPassenger {
  1: common.PassengerId id,
}

/// The account exists but may not book trips.
exception AccountSuspended {
  1: common.PassengerId id,
  2: string reason,
}

service PassengerService {
  /// Request/response: Trip Management checks an account before dispatching.
  Account verifyPassenger(1: common.PassengerId id)
    throws (1: UnknownPassenger unknown, 2: AccountSuspended suspended),
}
