//! `cargo run -p taxi-demo [-- --broker amqp://...]`: starts the
//! taxi-hailing services (through the embedded broker, or RabbitMQ with
//! `--broker`), runs the scenario, prints every message and a summary, and
//! exits 0 only if every check passed. Unknown arguments are refused with
//! the usage (exit 2).

use std::process::ExitCode;
use std::time::Duration;

use taxi_demo::scenario::{self, BrokerChoice};

const USAGE: &str = "usage: taxi-demo [--broker amqp://user:password@host:port/vhost]";

/// The broker the arguments choose, or what is wrong with them.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<BrokerChoice, String> {
    let mut broker = BrokerChoice::Embedded;
    while let Some(arg) = args.next() {
        let url = match arg.as_str() {
            "--broker" => args
                .next()
                .ok_or_else(|| "--broker needs a URL".to_owned())?,
            other => match other.strip_prefix("--broker=") {
                Some(url) => url.to_owned(),
                None => return Err(format!("unknown argument {other:?}")),
            },
        };
        if !(url.starts_with("amqp://") || url.starts_with("amqps://")) {
            return Err(format!("--broker wants an amqp:// URL, got {url:?}"));
        }
        broker = BrokerChoice::Amqp(url);
    }
    Ok(broker)
}

/// The whole run, servers' shutdown included, must fit in this.
const RUN_TIMEOUT: Duration = Duration::from_secs(30);

#[tokio::main]
async fn main() -> ExitCode {
    let broker = match parse_args(std::env::args().skip(1)) {
        Ok(broker) => broker,
        Err(err) => {
            eprintln!("taxi-demo: {err}");
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    println!(
        "taxi-hailing demo (Chris Richardson, \"Building Microservices: Inter-Process Communication\")"
    );
    println!();
    let report = match tokio::time::timeout(RUN_TIMEOUT, scenario::run(true, &broker)).await {
        Ok(Ok(report)) => report,
        Ok(Err(err)) => {
            eprintln!("FAILED: {err}");
            return ExitCode::FAILURE;
        }
        Err(_) => {
            eprintln!("FAILED: the scenario did not finish within {RUN_TIMEOUT:?}");
            return ExitCode::FAILURE;
        }
    };

    println!();
    println!("trips:");
    for ride in &report.rides {
        let trip = &ride.trip;
        let statuses: Vec<&str> = ride
            .statuses
            .iter()
            .map(|status| status.name().unwrap_or("?"))
            .collect();
        println!(
            "  trip {} passenger {}: {:<15} driver {:<4} eta {:<5} seen over HTTP: {} ({} polls)",
            trip.id,
            trip.passenger_id,
            trip.status.name().unwrap_or("?"),
            trip.driver_id.map_or("-".to_owned(), |d| d.to_string()),
            trip.eta_seconds.map_or("-".to_owned(), |s| format!("{s}s")),
            statuses.join(" -> "),
            ride.polls,
        );
    }
    println!();
    println!("messages:");
    print!("{}", report.summary);
    println!();
    println!(
        "passenger-service served up to {} verifyPassenger calls at once from its queue; \
         passenger-notifications saw {} trips; offers per driver: {}",
        report.passenger_peak,
        report.notified.len(),
        report
            .offers
            .iter()
            .map(|(driver, offers)| format!("{driver}: {offers}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if !report.failures.is_empty() {
        for failure in &report.failures {
            eprintln!("FAILED: {failure}");
        }
        return ExitCode::FAILURE;
    }
    println!(
        "OK: {} trips settled, every check passed, all services stopped in {:.1} ms",
        report.rides.len(),
        report.elapsed.as_secs_f64() * 1000.0
    );
    ExitCode::SUCCESS
}
