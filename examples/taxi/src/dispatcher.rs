//! The Dispatcher: told about new trips (notification), it picks a driver
//! and proposes it to Trip Management (request/response).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use crate::flow::{FlowLog, Message, Style};
use crate::generated::taxi::dispatcher::{Dispatcher, TripCreated};
use crate::generated::taxi::trip::{DriverProposal, TripManagementClient};

/// The drivers on duty.
pub const DRIVERS: &[i64] = &[101, 102, 103, 104, 105, 106];

/// The handler: a round robin over [`DRIVERS`].
#[derive(Debug)]
pub struct DispatcherHandler {
    trips: TripManagementClient,
    wire: String,
    log: Arc<FlowLog>,
    next_driver: AtomicUsize,
}

impl DispatcherHandler {
    /// A dispatcher proposing drivers through `trips` (whose link is `wire`).
    pub fn new(trips: TripManagementClient, wire: String, log: Arc<FlowLog>) -> Self {
        DispatcherHandler {
            trips,
            wire,
            log,
            next_driver: AtomicUsize::new(0),
        }
    }
}

impl Dispatcher for DispatcherHandler {
    async fn trip_created(&self, trip: TripCreated) -> Result<(), trift::Error> {
        let turn = self.next_driver.fetch_add(1, Ordering::Relaxed);
        let driver_id = DRIVERS
            .get(turn % DRIVERS.len())
            .copied()
            .unwrap_or_default();
        // A made-up ETA that depends on where the passenger waits.
        let eta_seconds = 60 + (trip.pickup.latitude.abs() * 1000.0 % 240.0) as i32;
        let proposal = DriverProposal {
            trip_id: trip.trip_id,
            driver_id,
            eta_seconds,
        };
        let sent_at = Instant::now();
        let answer = self.trips.propose_driver(proposal).await;
        let outcome = match &answer {
            Ok(true) => format!("driver {driver_id} accepted"),
            Ok(false) => format!("driver {driver_id} declined"),
            Err(err) => format!("failed: {err}"),
        };
        self.log.record(
            Message {
                from: "dispatcher",
                to: "trip-management",
                method: "proposeDriver",
                subject: format!("trip {}", trip.trip_id),
                style: Style::RequestResponse,
                wire: self.wire.clone(),
                outcome,
            },
            sent_at,
        );
        // A failure is logged by the server (nobody awaits a notification);
        // the scenario sees the trip without a driver and fails.
        answer
            .map(drop)
            .map_err(|err| trift::Error::Application(err.into_application_exception()))
    }
}
