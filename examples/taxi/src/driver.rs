//! The drivers' apps: each driver instance subscribes to the offer
//! requests the Dispatcher publishes and answers with its own offer
//! (publish/async responses).

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::generated::taxi::dispatcher::TripCreated;
use crate::generated::taxi::driver::{Driver, DriverOffer};

/// One driver on duty.
#[derive(Debug)]
pub struct DriverHandler {
    driver_id: i64,
    offers: AtomicUsize,
}

impl DriverHandler {
    /// The app of driver `driver_id`.
    pub fn new(driver_id: i64) -> Self {
        DriverHandler {
            driver_id,
            offers: AtomicUsize::new(0),
        }
    }

    /// Offers made so far.
    pub fn offers(&self) -> usize {
        self.offers.load(Ordering::Relaxed)
    }
}

impl Driver for DriverHandler {
    async fn offer(&self, trip: TripCreated) -> Result<DriverOffer, trift::Error> {
        self.offers.fetch_add(1, Ordering::Relaxed);
        // A made-up ETA that differs per driver and trip.
        let spread = (trip.trip_id * 37 + self.driver_id * 101).rem_euclid(240);
        Ok(DriverOffer {
            driver_id: self.driver_id,
            eta_seconds: 60 + i32::try_from(spread).unwrap_or_default(),
        })
    }
}
