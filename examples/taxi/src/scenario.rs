//! The demo scenario: start the services, let every passenger request a
//! pickup at once, poll each trip over HTTP until it is settled (and read it
//! once more over TCP), check the outcome and shut everything down.
//!
//! The services talk through a broker, the embedded one by default or
//! RabbitMQ (`--broker amqp://...`), in the article's styles: the pickup
//! request is a notification on Trip Management's queue, the passenger
//! check a request/async response on the Passenger service's queue, Trip
//! Created an event on a publish-subscribe channel with two subscribers
//! (the Dispatcher and the passenger notifications), the drivers' offers
//! publish/async responses, and Driver Proposed an event Trip Management
//! subscribes to. Trip Management also serves raw TCP and HTTP on one port,
//! for the app's status reads.
//!
//! [`run_then`] keeps every service up after the checks, for as long as a
//! future the caller gives runs (`taxi-demo --serve` waits for Ctrl-C there,
//! so other tools can call Trip Management's port).

use std::collections::BTreeSet;
use std::error::Error;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::task::{JoinHandle, JoinSet};
use trift::{Channel, Framing, HttpChannel, Protocol, Server};
use trift_messaging::{
    Address, AmqpBroker, Broker, ChannelConfig, EmbeddedBroker, Gather, MessagingChannel,
    ServeConfig, Source, serve,
};

use crate::dispatcher::{DRIVERS, DispatcherHandler};
use crate::driver::DriverHandler;
use crate::flow::{FlowLog, Message, Style, broker_wire, http_wire, tcp_wire};
use crate::generated::taxi::common::{Location, TripStatus};
use crate::generated::taxi::dispatcher::{DispatcherClient, DispatcherServer};
use crate::generated::taxi::driver::DriverServer;
use crate::generated::taxi::passenger::{PassengerServiceClient, PassengerServiceServer};
use crate::generated::taxi::trip::{
    PickupRequest, Trip, TripManagementClient, TripManagementGetTripError, TripManagementServer,
};
use crate::notifier::NotifierHandler;
use crate::passenger::{ACCOUNTS, PassengerHandler};
use crate::trip::{Downstream, TripHandler};

/// Any error of the scenario.
pub type BoxError = Box<dyn Error + Send + Sync>;

/// The protocol of the messages through the broker.
const BROKER_PROTOCOL: Protocol = Protocol::Binary;
/// The passenger app's last read of each trip, over raw TCP in THeader
/// frames (which carry the call's deadline and trace to Trip Management).
const APP_WIRE: (Protocol, Framing) = (Protocol::Compact, Framing::Header);
/// The passenger app's status polls.
const POLL_PROTOCOL: Protocol = Protocol::Json;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
const CALL_TIMEOUT: Duration = Duration::from_secs(5);
const POLL_INTERVAL: Duration = Duration::from_millis(2);
/// How long a passenger polls before giving up on a trip (generous: CI
/// machines can be slow; a healthy run settles in milliseconds).
const SETTLE_TIMEOUT: Duration = Duration::from_secs(15);
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(5);

/// The first trip id; passenger `n` books trip `FIRST_TRIP + n`.
const FIRST_TRIP: i64 = 1000;

/// Which broker the services talk through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrokerChoice {
    /// The embedded, in-process broker (the default).
    Embedded,
    /// RabbitMQ at this `amqp://` URL.
    Amqp(String),
}

impl BrokerChoice {
    async fn connect(&self) -> Result<(Arc<dyn Broker>, &'static str), BoxError> {
        match self {
            BrokerChoice::Embedded => Ok((Arc::new(EmbeddedBroker::new()), "embedded")),
            BrokerChoice::Amqp(url) => {
                let broker = AmqpBroker::connect(url)
                    .await
                    .map_err(|err| format!("connecting to {url}: {err}"))?;
                Ok((Arc::new(broker), "amqp"))
            }
        }
    }
}

/// What one passenger saw.
#[derive(Debug, Clone)]
pub struct Ride {
    /// The passenger.
    pub passenger_id: i64,
    /// The trip as the last poll returned it.
    pub trip: Trip,
    /// The trip as the last read over raw TCP returned it.
    pub tcp_trip: Trip,
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
    /// once, all from its queue.
    pub passenger_peak: usize,
    /// The trips the passenger-notification service was told about.
    pub notified: BTreeSet<i64>,
    /// Offers each driver made.
    pub offers: Vec<(i64, usize)>,
    /// The per-message table.
    pub summary: String,
    /// From start to everything shut down.
    pub elapsed: Duration,
}

/// The queue and topic names of one run (RabbitMQ keeps durable queues
/// across runs; a run never sees another's messages).
struct Names {
    run: String,
}

impl Names {
    fn new() -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|since| since.as_nanos())
            .unwrap_or_default();
        Names {
            run: format!("taxi.{nanos}"),
        }
    }

    fn name(&self, what: &str) -> String {
        format!("{}.{what}", self.run)
    }
}

/// Runs the scenario through `broker`; `print` prints the flow log as it
/// happens.
pub async fn run(print: bool, broker: &BrokerChoice) -> Result<Report, BoxError> {
    run_then(print, broker, "127.0.0.1:0", |_, _| async {}).await
}

/// Runs the scenario through `broker` with Trip Management's TCP/HTTP port
/// bound to `trip_listen`; once every trip settled and the checks ran,
/// calls `then` with the report so far and the port's address, and keeps
/// every service running until the future it returns completes. Then shuts
/// everything down as [`run`] does.
pub async fn run_then<F, Fut>(
    print: bool,
    broker: &BrokerChoice,
    trip_listen: &str,
    then: F,
) -> Result<Report, BoxError>
where
    F: FnOnce(&Report, SocketAddr) -> Fut,
    Fut: Future<Output = ()>,
{
    let log = Arc::new(FlowLog::new(print));
    let (broker, broker_name) = broker.connect().await?;
    let wire = broker_wire(BROKER_PROTOCOL, broker_name);
    let names = Names::new();
    let pickups = names.name("trip-management.pickups");
    let passengers_queue = names.name("passenger-service");
    let trip_events = names.name("trip-events");
    let offer_requests = names.name("driver-offers");
    let proposals = names.name("driver-proposals");

    // The default detects raw Thrift (any protocol, any framing) and HTTP.
    let trip_server = Server::builder()
        .http_path("/thrift")
        .bind(trip_listen)
        .await
        .map_err(|err| format!("trip-management cannot listen on {trip_listen}: {err}"))?;
    let trip_addr = trip_server.local_addr();
    if print {
        println!("services, through the {broker_name} broker ({wire}):");
        println!("  passenger-service  serves queue {passengers_queue}");
        println!(
            "  trip-management    serves queue {pickups} and subscription trip-management of {proposals};"
        );
        println!(
            "                     and {trip_addr}: raw Thrift (any protocol, framed or not) and HTTP POST /thrift"
        );
        println!("  dispatcher         subscription dispatcher of {trip_events}");
        println!("  notifications      subscription passenger-notifications of {trip_events}");
        for driver in DRIVERS {
            println!("  driver {driver}         subscription driver-{driver} of {offer_requests}");
        }
        println!();
        println!(
            "one line per message: [time since start] sender -> receiver, method, subject, style, \
             protocol/transport, latency as the sender saw it, outcome"
        );
        println!("(status polls that see nothing new are counted in the summary, not printed)");
        println!();
    }

    let channel = |to: Address| {
        let config = ChannelConfig {
            protocol: BROKER_PROTOCOL,
            timeout: CALL_TIMEOUT,
            ..ChannelConfig::default()
        };
        MessagingChannel::with_config(Arc::clone(&broker), to, config)
    };
    let passenger_service = PassengerServiceServer::new(PassengerHandler::default());
    let passenger_handler = Arc::clone(passenger_service.handler());
    let trip_service = TripManagementServer::new(TripHandler::new(
        Downstream {
            passengers: PassengerServiceClient::new(channel(Address::queue(&passengers_queue))),
            trip_events: DispatcherClient::new(channel(Address::topic(&trip_events))),
            wire: wire.clone(),
        },
        Arc::clone(&log),
    ));
    let dispatcher_service = DispatcherServer::new(DispatcherHandler::new(
        Gather::new(
            Arc::clone(&broker),
            &offer_requests,
            ChannelConfig {
                protocol: BROKER_PROTOCOL,
                ..ChannelConfig::default()
            },
        ),
        TripManagementClient::new(channel(Address::topic(&proposals))),
        wire.clone(),
        Arc::clone(&log),
    ));
    let notifier_service = DispatcherServer::new(NotifierHandler::default());
    let notifier = Arc::clone(notifier_service.handler());

    // Subscriptions first, so no event is published before they exist.
    let dispatcher_source = Source::subscription(&trip_events, "dispatcher");
    let notifier_source = Source::subscription(&trip_events, "passenger-notifications");
    let proposals_source = Source::subscription(&proposals, "trip-management");
    let driver_sources: Vec<(i64, Source)> = DRIVERS
        .iter()
        .map(|&driver| {
            (
                driver,
                Source::subscription(&offer_requests, format!("driver-{driver}")),
            )
        })
        .collect();
    for source in [&dispatcher_source, &notifier_source, &proposals_source]
        .into_iter()
        .chain(driver_sources.iter().map(|(_, source)| source))
    {
        broker.declare(source).await?;
    }

    let mut consumers: Vec<(String, JoinHandle<Result<(), trift_messaging::BrokerError>>)> =
        Vec::new();
    let mut consume = |name: String, task| consumers.push((name, task));
    let config = |sender: &str| ServeConfig {
        sender: Some(sender.to_owned()),
        ..ServeConfig::default()
    };
    consume(
        "passenger-service".to_owned(),
        tokio::spawn(serve(
            Arc::clone(&broker),
            Source::queue(&passengers_queue),
            passenger_service,
            config("passenger-service"),
        )),
    );
    consume(
        "trip-management".to_owned(),
        tokio::spawn(serve(
            Arc::clone(&broker),
            Source::queue(&pickups),
            trip_service.clone(),
            config("trip-management"),
        )),
    );
    consume(
        "trip-management (proposals)".to_owned(),
        tokio::spawn(serve(
            Arc::clone(&broker),
            proposals_source,
            trip_service.clone(),
            config("trip-management"),
        )),
    );
    consume(
        "dispatcher".to_owned(),
        tokio::spawn(serve(
            Arc::clone(&broker),
            dispatcher_source,
            dispatcher_service,
            config("dispatcher"),
        )),
    );
    consume(
        "passenger-notifications".to_owned(),
        tokio::spawn(serve(
            Arc::clone(&broker),
            notifier_source,
            notifier_service,
            config("passenger-notifications"),
        )),
    );
    let mut drivers = Vec::new();
    for (driver, source) in driver_sources {
        let service = DriverServer::new(DriverHandler::new(driver));
        drivers.push((driver, Arc::clone(service.handler())));
        let name = format!("driver-{driver}");
        consume(
            name.clone(),
            tokio::spawn(serve(Arc::clone(&broker), source, service, config(&name))),
        );
    }

    let shutdown = trip_server.shutdown_handle();
    let trip_task: JoinHandle<io::Result<()>> = tokio::spawn(trip_server.serve(trip_service));

    let pickups_channel = TripManagementClient::new(channel(Address::queue(&pickups)));
    let rides = passengers(pickups_channel, &wire, trip_addr, &log).await;

    let mut failures = Vec::new();
    let rides = match rides {
        Ok(rides) => rides,
        Err(err) => {
            failures.push(err.to_string());
            Vec::new()
        }
    };
    let expected_notified: BTreeSet<i64> = ACCOUNTS
        .iter()
        .filter(|(.., suspended)| suspended.is_none())
        .map(|&(passenger_id, ..)| FIRST_TRIP + passenger_id)
        .collect();
    // Trip Created reaches the notifications independently of the
    // Dispatcher, and the Dispatcher logs a Driver Proposed event once its
    // publish is confirmed, which on RabbitMQ can be after Trip Management
    // consumed it and the app saw the driver: wait (boundedly) for both to
    // catch up.
    let settle_by = Instant::now() + SETTLE_TIMEOUT;
    while (notifier.trips() != expected_notified
        || log.count("driverProposed") < expected_notified.len())
        && Instant::now() < settle_by
    {
        tokio::time::sleep(POLL_INTERVAL).await;
    }
    let notified = notifier.trips();
    if notified != expected_notified {
        failures.push(format!(
            "passenger-notifications saw trips {notified:?}, expected {expected_notified:?}"
        ));
    }
    let offers: Vec<(i64, usize)> = drivers
        .iter()
        .map(|(driver, handler)| (*driver, handler.offers()))
        .collect();
    failures.extend(check(&rides, &log, &offers, expected_notified.len()));
    let mut report = Report {
        rides,
        failures,
        passenger_peak: passenger_handler.peak_concurrency(),
        notified,
        offers,
        summary: log.summary(),
        elapsed: log.elapsed(),
    };
    then(&report, trip_addr).await;
    let failures = &mut report.failures;

    // Graceful shutdown of the TCP/HTTP port: stop accepting, finish
    // in-flight calls, close. The consumers have nothing in hand any more
    // (every trip settled): they stop, and anything unacked would wait in
    // its queue.
    shutdown.shutdown();
    match tokio::time::timeout(SHUTDOWN_TIMEOUT, trip_task).await {
        Ok(Ok(Ok(()))) => {}
        Ok(Ok(Err(err))) => failures.push(format!("trip-management failed: {err}")),
        Ok(Err(err)) => failures.push(format!("trip-management task failed: {err}")),
        Err(_) => failures.push(format!(
            "trip-management did not shut down within {SHUTDOWN_TIMEOUT:?}"
        )),
    }
    for (name, consumer) in consumers {
        if consumer.is_finished() {
            match consumer.await {
                Ok(Ok(())) => failures.push(format!("{name} stopped consuming early")),
                Ok(Err(err)) => failures.push(format!("{name} failed: {err}")),
                Err(err) => failures.push(format!("{name} task failed: {err}")),
            }
        } else {
            consumer.abort();
        }
    }

    report.elapsed = log.elapsed();
    Ok(report)
}

fn tcp_channel(addr: SocketAddr, (protocol, framing): (Protocol, Framing)) -> Channel {
    Channel::builder(addr)
        .protocol(protocol)
        .framing(framing)
        .connect_timeout(CONNECT_TIMEOUT)
        .call_timeout(CALL_TIMEOUT)
        .build()
}

/// The passenger app: every passenger at once, pickups through the broker,
/// polls over a pool of HTTP connections, the last read over one TCP
/// connection.
async fn passengers(
    pickups: TripManagementClient<MessagingChannel>,
    wire: &str,
    trip_addr: SocketAddr,
    log: &Arc<FlowLog>,
) -> Result<Vec<Ride>, BoxError> {
    let reader = TripManagementClient::new(tcp_channel(trip_addr, APP_WIRE));
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
            App {
                pickups: pickups.clone(),
                poller: poller.clone(),
                reader: reader.clone(),
                wire: wire.to_owned(),
            },
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

/// The passenger app's three clients of Trip Management.
struct App {
    pickups: TripManagementClient<MessagingChannel>,
    poller: TripManagementClient<HttpChannel>,
    reader: TripManagementClient,
    wire: String,
}

/// One passenger: request a pickup, then poll until the trip is settled.
async fn ride(app: App, log: Arc<FlowLog>, passenger_id: i64) -> Result<Ride, BoxError> {
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
    app.pickups.request_pickup(request).await?;
    log.record(
        Message {
            from: "passenger-app",
            to: "trip-management",
            method: "requestPickup",
            subject: format!("trip {trip_id}"),
            style: Style::Oneway,
            wire: app.wire.clone(),
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
        let polled = app.poller.get_trip(trip_id).await;
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
                    let sent_at = Instant::now();
                    let tcp_trip = app.reader.get_trip(trip_id).await?;
                    log.record(
                        Message {
                            from: "passenger-app",
                            to: "trip-management",
                            method: "getTrip",
                            subject: format!("trip {trip_id}"),
                            style: Style::RequestResponse,
                            wire: tcp_wire(APP_WIRE.0, APP_WIRE.1),
                            outcome: format!(
                                "{} (last read)",
                                tcp_trip.status.name().unwrap_or("?")
                            ),
                        },
                        sent_at,
                    );
                    return Ok(Ride {
                        passenger_id,
                        trip,
                        tcp_trip,
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
/// driver, the suspended one was rejected, the TCP read agrees with the
/// HTTP polls, every driver was asked about every trip, and each message
/// went once.
fn check(
    rides: &[Ride],
    log: &FlowLog,
    offers: &[(i64, usize)],
    good_standing: usize,
) -> Vec<String> {
    let mut failures = Vec::new();
    for &(passenger_id, name, _, suspended) in ACCOUNTS {
        let Some(ride) = rides.iter().find(|ride| ride.passenger_id == passenger_id) else {
            failures.push(format!("{name} (passenger {passenger_id}) has no ride"));
            continue;
        };
        let trip = &ride.trip;
        if ride.tcp_trip != *trip {
            failures.push(format!(
                "{name}'s trip over TCP {:?} differs from over HTTP {trip:?}",
                ride.tcp_trip
            ));
        }
        if suspended.is_some() {
            if trip.status != TripStatus::REJECTED || trip.driver_id.is_some() {
                failures.push(format!("{name}'s account is suspended, yet: {trip:?}"));
            }
            continue;
        }
        let has_driver = trip
            .driver_id
            .is_some_and(|driver| DRIVERS.contains(&driver));
        if trip.status != TripStatus::DRIVER_ASSIGNED || !has_driver || trip.eta_seconds.is_none() {
            failures.push(format!("{name} got no driver: {trip:?}"));
        }
    }
    for &(driver, made) in offers {
        if made != good_standing {
            failures.push(format!(
                "driver {driver} made {made} offers, expected one per trip ({good_standing})"
            ));
        }
    }
    let expected = [
        ("requestPickup", ACCOUNTS.len()),
        ("verifyPassenger", ACCOUNTS.len()),
        ("tripCreated", good_standing),
        ("offer", good_standing),
        ("driverProposed", good_standing),
    ];
    for (method, count) in expected {
        let seen = log.count(method);
        if seen != count {
            failures.push(format!("{method}: {seen} messages, expected {count}"));
        }
    }
    let full_gathers = log.count_where("offer", &format!("{} offers", DRIVERS.len()));
    if full_gathers != good_standing {
        failures.push(format!(
            "{full_gathers} of {good_standing} offer rounds heard every driver"
        ));
    }
    failures
}
