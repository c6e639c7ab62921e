//! The Passenger service: owns passenger accounts and answers Trip
//! Management's `verifyPassenger` (request/response).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::generated::taxi::passenger::{
    Account, AccountSuspended, PassengerService, PassengerServiceVerifyPassengerError,
    UnknownPassenger,
};

/// The passengers the demo knows: id, name, completed trips, and why the
/// account is suspended (if it is).
pub const ACCOUNTS: &[(i64, &str, i32, Option<&str>)] = &[
    (1, "Ada", 42, None),
    (2, "Grace", 7, None),
    (3, "Linus", 0, None),
    (4, "Barbara", 19, None),
    (5, "Ken", 3, None),
    (6, "Mallory", 1, Some("unpaid fares")),
];

/// The handler; it counts how many calls it serves at once.
#[derive(Debug, Default)]
pub struct PassengerHandler {
    active: AtomicUsize,
    peak: AtomicUsize,
}

impl PassengerHandler {
    /// The most `verifyPassenger` calls served at the same time.
    pub fn peak_concurrency(&self) -> usize {
        self.peak.load(Ordering::Relaxed)
    }
}

impl PassengerService for PassengerHandler {
    async fn verify_passenger(
        &self,
        id: i64,
    ) -> Result<Account, PassengerServiceVerifyPassengerError> {
        let now = self.active.fetch_add(1, Ordering::Relaxed) + 1;
        self.peak.fetch_max(now, Ordering::Relaxed);
        // A database lookup of uneven duration, so replies on the one
        // connection from Trip Management go back out of order.
        let lookup = u64::try_from(id.rem_euclid(4)).unwrap_or(0);
        tokio::time::sleep(Duration::from_millis(1 + 2 * lookup)).await;
        self.active.fetch_sub(1, Ordering::Relaxed);

        let Some(&(id, name, completed_trips, suspended)) =
            ACCOUNTS.iter().find(|account| account.0 == id)
        else {
            return Err(UnknownPassenger { id }.into());
        };
        if let Some(reason) = suspended {
            return Err(AccountSuspended {
                id,
                reason: reason.to_owned(),
            }
            .into());
        }
        Ok(Account {
            id,
            name: name.to_owned(),
            completed_trips,
        })
    }
}
