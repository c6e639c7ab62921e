//! The passenger-notification service: a second subscriber to Trip Created
//! (publish/subscribe), beside the Dispatcher; it would push "looking for
//! a driver" to the passenger's phone, and here counts the trips it saw.

use std::collections::BTreeSet;
use std::sync::{Mutex, PoisonError};

use crate::generated::taxi::dispatcher::{Dispatcher, TripCreated};

/// The handler: the trips it was told about.
#[derive(Debug, Default)]
pub struct NotifierHandler {
    trips: Mutex<BTreeSet<i64>>,
}

impl NotifierHandler {
    /// The trips notified so far.
    pub fn trips(&self) -> BTreeSet<i64> {
        self.trips
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Dispatcher for NotifierHandler {
    async fn trip_created(&self, trip: TripCreated) -> Result<(), trift::Error> {
        self.trips
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(trip.trip_id);
        Ok(())
    }
}
