//! The Dispatcher: subscribed to Trip Created (publish/subscribe), it asks
//! every driver for an offer at once and gathers the offers that come back
//! within a window (publish/async responses), picks the soonest, and
//! publishes Driver Proposed (publish/subscribe), which Trip Management
//! subscribes to.

use std::sync::Arc;
use std::time::{Duration, Instant};

use trift_messaging::{Gather, MessagingChannel};

use crate::flow::{FlowLog, Message, Style};
use crate::generated::taxi::dispatcher::{Dispatcher, TripCreated};
use crate::generated::taxi::driver::DriverClient;
use crate::generated::taxi::trip::{DriverProposal, TripManagementClient};

/// The drivers on duty, one app instance each.
pub const DRIVERS: &[i64] = &[101, 102, 103];

/// How long the Dispatcher waits for offers (it stops early once every
/// driver answered).
pub const OFFER_WINDOW: Duration = Duration::from_secs(2);

/// The handler.
#[derive(Debug)]
pub struct DispatcherHandler {
    offers: Gather,
    proposals: TripManagementClient<MessagingChannel>,
    wire: String,
    log: Arc<FlowLog>,
}

impl DispatcherHandler {
    /// A dispatcher gathering offers through `offers` and publishing
    /// proposals through `proposals` (both on a broker link named `wire`).
    pub fn new(
        offers: Gather,
        proposals: TripManagementClient<MessagingChannel>,
        wire: String,
        log: Arc<FlowLog>,
    ) -> Self {
        DispatcherHandler {
            offers,
            proposals,
            wire,
            log,
        }
    }
}

impl Dispatcher for DispatcherHandler {
    async fn trip_created(&self, trip: TripCreated) -> Result<(), trift::Error> {
        let trip_id = trip.trip_id;
        let sent_at = Instant::now();
        let offers = self
            .offers
            .collect(OFFER_WINDOW, DRIVERS.len(), |service| {
                let trip = trip.clone();
                async move { DriverClient::new(service).offer(trip).await }
            })
            .await;
        let best = offers
            .iter()
            .filter_map(|gathered| gathered.reply.as_ref().ok())
            .min_by_key(|offer| (offer.eta_seconds, offer.driver_id))
            .cloned();
        let senders: Vec<&str> = offers.iter().map(|g| g.sender.as_str()).collect();
        self.log.record(
            Message {
                from: "dispatcher",
                to: "drivers",
                method: "offer",
                subject: format!("trip {trip_id}"),
                style: Style::PublishAsyncResponses,
                wire: self.wire.clone(),
                outcome: format!("{} offers from {}", offers.len(), senders.join(", ")),
            },
            sent_at,
        );
        let Some(best) = best else {
            // Nobody offered: the trip stays dispatching, and the
            // scenario's checks fail it.
            return Ok(());
        };
        let sent_at = Instant::now();
        let published = self
            .proposals
            .driver_proposed(DriverProposal {
                trip_id,
                driver_id: best.driver_id,
                eta_seconds: best.eta_seconds,
            })
            .await;
        self.log.record(
            Message {
                from: "dispatcher",
                to: "trip-management",
                method: "driverProposed",
                subject: format!("trip {trip_id}"),
                style: Style::PublishSubscribe,
                wire: self.wire.clone(),
                outcome: match &published {
                    Ok(()) => format!("driver {} ({}s)", best.driver_id, best.eta_seconds),
                    Err(err) => format!("failed: {err}"),
                },
            },
            sent_at,
        );
        published.map_err(|err| trift::Error::Application(err.into_application_exception()))
    }
}
