// A driver's app: asked for an offer on a new trip (publish/async
// responses: the Dispatcher publishes one request to every driver and
// gathers the offers that come back within a window).

include "common.thrift"
include "dispatcher.thrift"

namespace rs taxi.driver
namespace py taxi.driver

/// One driver's answer to a trip.
struct DriverOffer {
  1: common.DriverId driverId,
  2: i32 etaSeconds,
}

service Driver {
  /// What this driver offers for `trip`.
  DriverOffer offer(1: dispatcher.TripCreated trip),
}
