//! The demo scenario: start the three services on loopback, let every
//! passenger request a pickup at once, poll each trip over HTTP until it is
//! settled, check the outcome and shut everything down.

use std::error::Error;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::task::{JoinHandle, JoinSet};
use trift::{Accept, Channel, Framing, HttpChannel, Protocol, Server};

use crate::dispatcher::{DRIVERS, DispatcherHandler};
use crate::flow::{FlowLog, Message, Style, http_wire, tcp_wire};
use crate::generated::taxi::common::{Location, TripStatus};
use crate::generated::taxi::dispatcher::{DispatcherClient, DispatcherServer};
use crate::generated::taxi::passenger::{PassengerServiceClient, PassengerServiceServer};
use crate::generated::taxi::trip::{
    PickupRequest, Trip, TripManagementClient, TripManagementGetTripError, TripManagementServer,
};
use crate::passenger::{ACCOUNTS, PassengerHandler};
use crate::trip::{Downstream, TripHandler};

/// Any error of the scenario.
pub type BoxError = Box<dyn Error + Send + Sync>;

/// The Passenger service's wire.
const PASSENGER_WIRE: (Protocol, Framing) = (Protocol::Binary, Framing::Framed);
/// The Dispatcher's wire.
const DISPATCHER_WIRE: (Protocol, Framing) = (Protocol::Compact, Framing::Unframed);
/// The passenger app's pickup requests to Trip Management.
const APP_WIRE: (Protocol, Framing) = (Protocol::Compact, Framing::Framed);
/// The Dispatcher's proposals to Trip Management (same port as the app's:
/// Trip Management detects each connection's protocol and framing).
const PROPOSAL_WIRE: (Protocol, Framing) = (Protocol::Binary, Framing::Unframed);
/// The passenger app's status polls.
const POLL_PROTOCOL: Protocol = Protocol::Json;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
const CALL_TIMEOUT: Duration = Duration::from_secs(2);
const POLL_INTERVAL: Duration = Duration::from_millis(2);
/// How long a passenger polls before giving up on a trip (generous: CI
/// machines can be slow; a healthy run settles in milliseconds).
const SETTLE_TIMEOUT: Duration = Duration::from_secs(10);
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(5);

/// The first trip id; passenger `n` books trip `FIRST_TRIP + n`.
const FIRST_TRIP: i64 = 1000;

/// What one passenger saw.
#[derive(Debug, Clone)]
pub struct Ride {
    /// The passenger.
    pub passenger_id: i64,
    /// The trip as the last poll returned it.
    pub trip: Trip,
    /// Status polls sent.
    pub polls: u32,
    /// Each status the polls observed, in order.
    pub statuses: Vec<TripStatus>,
}

/// The result of a run.
#[derive(Debug)]
pub struct Report {
    /// Every passenger's ride.
    pub rides: Vec<Ride>,
    /// What was wrong; empty when the run passed.
    pub failures: Vec<String>,
    /// The most `verifyPassenger` calls the Passenger service served at
    /// once, all on Trip Management's one connection.
    pub passenger_peak: usize,
    /// The per-message table.
    pub summary: String,
    /// From start to everything shut down.
    pub elapsed: Duration,
}

/// Runs the scenario; `print` prints the flow log as it happens.
pub async fn run(print: bool) -> Result<Report, BoxError> {
    let log = Arc::new(FlowLog::new(print));

    // Bind first, so every service knows the others' ports (all port 0).
    let passenger_server = Server::builder()
        .accept(Accept::Raw)
        .protocol(PASSENGER_WIRE.0)
        .framing(PASSENGER_WIRE.1)
        .bind("127.0.0.1:0")
        .await?;
    let dispatcher_server = Server::builder()
        .accept(Accept::Raw)
        .protocol(DISPATCHER_WIRE.0)
        .framing(DISPATCHER_WIRE.1)
        .bind("127.0.0.1:0")
        .await?;
    // The default detects raw Thrift (any protocol, any framing) and HTTP.
    let trip_server = Server::builder()
        .http_path("/thrift")
        .bind("127.0.0.1:0")
        .await?;
    let passenger_addr = passenger_server.local_addr();
    let dispatcher_addr = dispatcher_server.local_addr();
    let trip_addr = trip_server.local_addr();
    if print {
        println!("services on loopback:");
        println!(
            "  passenger-service  {passenger_addr:<16} {}",
            tcp_wire(PASSENGER_WIRE.0, PASSENGER_WIRE.1)
        );
        println!(
            "  trip-management    {trip_addr:<16} auto-detect: raw Thrift (any protocol, framed or not) and HTTP POST /thrift"
        );
        println!(
            "  dispatcher         {dispatcher_addr:<16} {}",
            tcp_wire(DISPATCHER_WIRE.0, DISPATCHER_WIRE.1)
        );
        println!();
        println!(
            "one line per message: [time since start] sender -> receiver, method, subject, style, \
             protocol/transport, latency as the sender saw it, outcome"
        );
        println!("(status polls that see nothing new are counted in the summary, not printed)");
        println!();
    }

    let passenger_service = PassengerServiceServer::new(PassengerHandler::default());
    let passenger_handler = Arc::clone(passenger_service.handler());
    let trip_handler = TripHandler::new(
        Downstream {
            passengers: PassengerServiceClient::new(tcp_channel(passenger_addr, PASSENGER_WIRE)),
            passengers_wire: tcp_wire(PASSENGER_WIRE.0, PASSENGER_WIRE.1),
            dispatcher: DispatcherClient::new(tcp_channel(dispatcher_addr, DISPATCHER_WIRE)),
            dispatcher_wire: tcp_wire(DISPATCHER_WIRE.0, DISPATCHER_WIRE.1),
        },
        Arc::clone(&log),
    );
    let dispatcher_handler = DispatcherHandler::new(
        TripManagementClient::new(tcp_channel(trip_addr, PROPOSAL_WIRE)),
        tcp_wire(PROPOSAL_WIRE.0, PROPOSAL_WIRE.1),
        Arc::clone(&log),
    );

    let shutdowns = [
        passenger_server.shutdown_handle(),
        dispatcher_server.shutdown_handle(),
        trip_server.shutdown_handle(),
    ];
    let servers: Vec<(&str, JoinHandle<io::Result<()>>)> = vec![
        (
            "passenger-service",
            tokio::spawn(passenger_server.serve(passenger_service)),
        ),
        (
            "dispatcher",
            tokio::spawn(dispatcher_server.serve(DispatcherServer::new(dispatcher_handler))),
        ),
        (
            "trip-management",
            tokio::spawn(trip_server.serve(TripManagementServer::new(trip_handler))),
        ),
    ];

    let rides = passengers(trip_addr, &log).await;

    let mut failures = Vec::new();
    let rides = match rides {
        Ok(rides) => rides,
        Err(err) => {
            failures.push(err.to_string());
            Vec::new()
        }
    };
    failures.extend(check(&rides, &log));

    // Graceful shutdown: stop accepting, finish in-flight calls, close.
    for handle in &shutdowns {
        handle.shutdown();
    }
    for (name, server) in servers {
        match tokio::time::timeout(SHUTDOWN_TIMEOUT, server).await {
            Ok(Ok(Ok(()))) => {}
            Ok(Ok(Err(err))) => failures.push(format!("{name} failed: {err}")),
            Ok(Err(err)) => failures.push(format!("{name} task failed: {err}")),
            Err(_) => failures.push(format!(
                "{name} did not shut down within {SHUTDOWN_TIMEOUT:?}"
            )),
        }
    }

    Ok(Report {
        rides,
        failures,
        passenger_peak: passenger_handler.peak_concurrency(),
        summary: log.summary(),
        elapsed: log.elapsed(),
    })
}

fn tcp_channel(addr: SocketAddr, (protocol, framing): (Protocol, Framing)) -> Channel {
    Channel::builder(addr)
        .protocol(protocol)
        .framing(framing)
        .connect_timeout(CONNECT_TIMEOUT)
        .call_timeout(CALL_TIMEOUT)
        .build()
}

/// The passenger app: every passenger at once, over one TCP connection for
/// pickups and a pool of HTTP connections for polls.
async fn passengers(trip_addr: SocketAddr, log: &Arc<FlowLog>) -> Result<Vec<Ride>, BoxError> {
    let app = TripManagementClient::new(tcp_channel(trip_addr, APP_WIRE));
    let poller = TripManagementClient::new(
        HttpChannel::builder(format!("http://{trip_addr}/thrift"))
            .protocol(POLL_PROTOCOL)
            .connect_timeout(CONNECT_TIMEOUT)
            .call_timeout(CALL_TIMEOUT)
            .build()?,
    );
    let mut rides = JoinSet::new();
    for &(passenger_id, ..) in ACCOUNTS {
        rides.spawn(ride(
            app.clone(),
            poller.clone(),
            Arc::clone(log),
            passenger_id,
        ));
    }
    let mut done = Vec::new();
    while let Some(ride) = rides.join_next().await {
        done.push(ride??);
    }
    done.sort_by_key(|ride| ride.passenger_id);
    Ok(done)
}

/// One passenger: request a pickup, then poll until the trip is settled.
async fn ride(
    app: TripManagementClient,
    poller: TripManagementClient<HttpChannel>,
    log: Arc<FlowLog>,
    passenger_id: i64,
) -> Result<Ride, BoxError> {
    let trip_id = FIRST_TRIP + passenger_id;
    let request = PickupRequest {
        trip_id,
        passenger_id,
        pickup: Location {
            latitude: 37.77 + 0.013 * passenger_id as f64,
            longitude: -122.42,
        },
    };
    let sent_at = Instant::now();
    app.request_pickup(request).await?;
    log.record(
        Message {
            from: "passenger-app",
            to: "trip-management",
            method: "requestPickup",
            subject: format!("trip {trip_id}"),
            style: Style::Oneway,
            wire: tcp_wire(APP_WIRE.0, APP_WIRE.1),
            outcome: format!("sent (passenger {passenger_id})"),
        },
        sent_at,
    );

    let mut statuses: Vec<TripStatus> = Vec::new();
    let mut not_found_logged = false;
    let settle_by = Instant::now() + SETTLE_TIMEOUT;
    let mut polls = 0;
    while Instant::now() < settle_by {
        polls += 1;
        let sent_at = Instant::now();
        let polled = poller.get_trip(trip_id).await;
        let poll = |outcome: String| Message {
            from: "passenger-app",
            to: "trip-management",
            method: "getTrip",
            subject: format!("trip {trip_id}"),
            style: Style::RequestResponse,
            wire: http_wire(POLL_PROTOCOL),
            outcome,
        };
        match polled {
            Ok(trip) => {
                if statuses.last() != Some(&trip.status) {
                    statuses.push(trip.status);
                    let mut outcome = trip.status.name().unwrap_or("?").to_owned();
                    if let Some(note) = &trip.note {
                        outcome = format!("{outcome} ({note})");
                    }
                    log.record(poll(outcome), sent_at);
                } else {
                    log.record_quietly(poll(String::new()), sent_at);
                }
                if trip.status == TripStatus::DRIVER_ASSIGNED || trip.status == TripStatus::REJECTED
                {
                    return Ok(Ride {
                        passenger_id,
                        trip,
                        polls,
                        statuses,
                    });
                }
            }
            // A pickup request is a notification: the app may poll before
            // Trip Management has handled it.
            Err(TripManagementGetTripError::NotFound(_)) => {
                let outcome = "TripNotFound (not handled yet)".to_owned();
                if not_found_logged {
                    log.record_quietly(poll(outcome), sent_at);
                } else {
                    not_found_logged = true;
                    log.record(poll(outcome), sent_at);
                }
            }
            Err(err) => return Err(format!("polling trip {trip_id}: {err}").into()),
        }
        tokio::time::sleep(POLL_INTERVAL).await;
    }
    Err(format!("trip {trip_id} not settled within {SETTLE_TIMEOUT:?} ({polls} polls)").into())
}

/// What should have happened: every passenger in good standing has a
/// driver, the suspended one was rejected, and each message went once.
fn check(rides: &[Ride], log: &FlowLog) -> Vec<String> {
    let mut failures = Vec::new();
    let mut good_standing = 0;
    for &(passenger_id, name, _, suspended) in ACCOUNTS {
        let Some(ride) = rides.iter().find(|ride| ride.passenger_id == passenger_id) else {
            failures.push(format!("{name} (passenger {passenger_id}) has no ride"));
            continue;
        };
        let trip = &ride.trip;
        if suspended.is_some() {
            if trip.status != TripStatus::REJECTED || trip.driver_id.is_some() {
                failures.push(format!("{name}'s account is suspended, yet: {trip:?}"));
            }
            continue;
        }
        good_standing += 1;
        let has_driver = trip
            .driver_id
            .is_some_and(|driver| DRIVERS.contains(&driver));
        if trip.status != TripStatus::DRIVER_ASSIGNED || !has_driver || trip.eta_seconds.is_none() {
            failures.push(format!("{name} got no driver: {trip:?}"));
        }
    }
    let expected = [
        ("requestPickup", ACCOUNTS.len()),
        ("verifyPassenger", ACCOUNTS.len()),
        ("tripCreated", good_standing),
        ("proposeDriver", good_standing),
    ];
    for (method, count) in expected {
        let seen = log.count(method);
        if seen != count {
            failures.push(format!("{method}: {seen} messages, expected {count}"));
        }
    }
    failures
}
