// The Dispatcher: finds drivers for new trips.

include "common.thrift"

namespace rs taxi.dispatcher
namespace py taxi.dispatcher

/// Trip Management's notice that a verified passenger is waiting.
struct TripCreated {
  1: common.TripId tripId,
  2: common.PassengerId passengerId,
  3: common.Location pickup,
}

service Dispatcher {
  /// Notification: the Dispatcher answers later, by proposing a driver to
  /// Trip Management.
  oneway void tripCreated(1: TripCreated trip),
}
