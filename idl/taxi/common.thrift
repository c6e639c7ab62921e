// Types shared by the services of the taxi-hailing example (Chris
// Richardson, "Building Microservices: Inter-Process Communication").

namespace rs taxi.common
namespace py taxi.common

typedef i64 PassengerId
typedef i64 TripId
typedef i64 DriverId

/// A point on the map.
struct Location {
  1: double latitude,
  2: double longitude,
}

/// Where a trip stands, as Trip Management sees it.
enum TripStatus {
  /// The pickup request arrived; the passenger is not verified yet.
  REQUESTED = 1,
  /// The passenger's account is fine; the Dispatcher is looking for a driver.
  DISPATCHING = 2,
  /// A driver is on the way.
  DRIVER_ASSIGNED = 3,
  /// The passenger service refused the account.
  REJECTED = 4,
}
