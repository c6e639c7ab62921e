//! Trip Management: takes pickup requests (a notification on its queue),
//! verifies the passenger with the Passenger service (request/async
//! response through the broker), publishes Trip Created (publish/subscribe),
//! takes the first Driver Proposed event for each trip (its subscription)
//! and answers the app's status polls (HTTP and TCP).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use trift_messaging::MessagingChannel;

use crate::flow::{FlowLog, Message, Style};
use crate::generated::taxi::common::TripStatus;
use crate::generated::taxi::dispatcher::{DispatcherClient, TripCreated};
use crate::generated::taxi::passenger::{
    PassengerServiceClient, PassengerServiceVerifyPassengerError,
};
use crate::generated::taxi::trip::{
    DriverProposal, PickupRequest, Trip, TripManagement, TripManagementGetTripError, TripNotFound,
};

/// The clients Trip Management calls, with the wire each one uses.
#[derive(Debug)]
pub struct Downstream {
    /// The Passenger service, on its queue.
    pub passengers: PassengerServiceClient<MessagingChannel>,
    /// The Trip Created channel (the Dispatcher and the passenger
    /// notifications subscribe to it).
    pub trip_events: DispatcherClient<MessagingChannel>,
    /// The broker link's wire (`binary/embedded`).
    pub wire: String,
}

/// The handler: trips in memory.
#[derive(Debug)]
pub struct TripHandler {
    trips: Mutex<HashMap<i64, Trip>>,
    downstream: Downstream,
    log: Arc<FlowLog>,
}

impl TripHandler {
    /// Trip Management calling `downstream`, logging to `log`.
    pub fn new(downstream: Downstream, log: Arc<FlowLog>) -> Self {
        TripHandler {
            trips: Mutex::new(HashMap::new()),
            downstream,
            log,
        }
    }

    fn update(&self, id: i64, change: impl FnOnce(&mut Trip)) {
        let mut trips = self.trips.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(trip) = trips.get_mut(&id) {
            change(trip);
        }
    }

    fn reject(&self, id: i64, why: String) {
        self.update(id, |trip| {
            trip.status = TripStatus::REJECTED;
            trip.note = Some(why);
        });
    }
}

impl TripManagement for TripHandler {
    async fn request_pickup(&self, request: PickupRequest) -> Result<(), trift::Error> {
        let trip_id = request.trip_id;
        self.trips
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(
                trip_id,
                Trip {
                    id: trip_id,
                    passenger_id: request.passenger_id,
                    status: TripStatus::REQUESTED,
                    driver_id: None,
                    eta_seconds: None,
                    note: None,
                },
            );

        let sent_at = Instant::now();
        let verified = self
            .downstream
            .passengers
            .verify_passenger(request.passenger_id)
            .await;
        let outcome = match &verified {
            Ok(account) => format!("Account({})", account.name),
            Err(PassengerServiceVerifyPassengerError::Unknown(_)) => "UnknownPassenger".to_owned(),
            Err(PassengerServiceVerifyPassengerError::Suspended(err)) => {
                format!("AccountSuspended({})", err.reason)
            }
            Err(err) => format!("failed: {err}"),
        };
        self.log.record(
            Message {
                from: "trip-management",
                to: "passenger-service",
                method: "verifyPassenger",
                subject: format!("trip {trip_id}"),
                style: Style::RequestResponse,
                wire: self.downstream.wire.clone(),
                outcome,
            },
            sent_at,
        );
        let account = match verified {
            Ok(account) => account,
            Err(PassengerServiceVerifyPassengerError::Unknown(_)) => {
                self.reject(trip_id, "unknown passenger".to_owned());
                return Ok(());
            }
            Err(PassengerServiceVerifyPassengerError::Suspended(err)) => {
                self.reject(trip_id, format!("account suspended: {}", err.reason));
                return Ok(());
            }
            Err(err) => {
                self.reject(trip_id, format!("passenger service failed: {err}"));
                return Ok(());
            }
        };

        self.update(trip_id, |trip| {
            trip.status = TripStatus::DISPATCHING;
            trip.note = Some(format!("{} is waiting", account.name));
        });
        let sent_at = Instant::now();
        let notified = self
            .downstream
            .trip_events
            .trip_created(TripCreated {
                trip_id,
                passenger_id: request.passenger_id,
                pickup: request.pickup,
            })
            .await;
        self.log.record(
            Message {
                from: "trip-management",
                to: "trip-events",
                method: "tripCreated",
                subject: format!("trip {trip_id}"),
                style: Style::PublishSubscribe,
                wire: self.downstream.wire.clone(),
                outcome: match &notified {
                    Ok(()) => "published".to_owned(),
                    Err(err) => format!("failed: {err}"),
                },
            },
            sent_at,
        );
        if let Err(err) = notified {
            self.reject(trip_id, format!("Trip Created not published: {err}"));
        }
        Ok(())
    }

    async fn driver_proposed(&self, proposal: DriverProposal) -> Result<(), trift::Error> {
        self.update(proposal.trip_id, |trip| {
            // The first proposal wins; a trip already served ignores others.
            if trip.status == TripStatus::DISPATCHING {
                trip.status = TripStatus::DRIVER_ASSIGNED;
                trip.driver_id = Some(proposal.driver_id);
                trip.eta_seconds = Some(proposal.eta_seconds);
                trip.note = Some(format!("driver {} on the way", proposal.driver_id));
            }
        });
        Ok(())
    }

    async fn get_trip(&self, id: i64) -> Result<Trip, TripManagementGetTripError> {
        let trips = self.trips.lock().unwrap_or_else(PoisonError::into_inner);
        match trips.get(&id) {
            Some(trip) => Ok(trip.clone()),
            None => Err(TripNotFound { id }.into()),
        }
    }
}
