// Trip Management: owns trips, talks to the passenger app, the Passenger
// service and the Dispatcher.

include "common.thrift"

namespace rs taxi.trip
namespace py taxi.trip

/// A passenger app asks for a ride.
struct PickupRequest {
  /// Chosen by the app, so it can poll the trip's status right away.
  1: common.TripId tripId,
  2: common.PassengerId passengerId,
  3: common.Location pickup,
}

/// The Dispatcher's choice of a driver for a trip.
struct DriverProposal {
  1: common.TripId tripId,
  2: common.DriverId driverId,
  3: i32 etaSeconds,
}

/// A trip as the passenger app sees it.
struct Trip {
  1: common.TripId id,
  2: common.PassengerId passengerId,
  3: common.TripStatus status,
  4: optional common.DriverId driverId,
  5: optional i32 etaSeconds,
  6: optional string note,
}

/// No trip has this id (yet: a pickup request is a notification).
exception TripNotFound {
  1: common.TripId id,
}

service TripManagement {
  /// Notification: the app does not wait for an answer.
  oneway void requestPickup(1: PickupRequest request),

  /// Driver Proposed, an event the Dispatcher publishes (publish/subscribe);
  /// the first proposal for a trip that is dispatching wins.
  oneway void driverProposed(1: DriverProposal proposal),

  /// Request/response: the app polls a trip's status (over HTTP, JSON; the last poll over TCP).
  /// Behind `trift gateway`, also `GET /trips/:id`.
  Trip getTrip(1: common.TripId id) throws (1: TripNotFound notFound) (api.get = "/trips/:id"),
}
