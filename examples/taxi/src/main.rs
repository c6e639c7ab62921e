//! `cargo run -p taxi-demo [-- --broker amqp://...] [-- --serve ADDR]`:
//! starts the taxi-hailing services (through the embedded broker, or
//! RabbitMQ with `--broker`), runs the scenario, prints every message and a
//! summary, and exits 0 only if every check passed. With `--serve ADDR`
//! Trip Management's TCP/HTTP port listens on ADDR and, after the summary,
//! every service keeps running until Ctrl-C, so other tools (`trift call`,
//! `trift gateway`) can call it. Unknown arguments are refused with the
//! usage (exit 2).

use std::process::ExitCode;
use std::time::Duration;

use taxi_demo::scenario::{self, BrokerChoice, Report};

const USAGE: &str =
    "usage: taxi-demo [--broker amqp://user:password@host:port/vhost] [--serve ADDR]";

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
struct Args {
    broker: BrokerChoice,
    /// `--serve ADDR`: Trip Management's port, kept serving after the run.
    serve: Option<String>,
}

/// The arguments, or what is wrong with them.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut broker = BrokerChoice::Embedded;
    let mut serve = None;
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
            None => (arg.clone(), None),
        };
        let mut value = |what: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{flag} needs {what}"))
        };
        match flag.as_str() {
            "--broker" => {
                let url = value("a URL")?;
                if !(url.starts_with("amqp://") || url.starts_with("amqps://")) {
                    return Err(format!("--broker wants an amqp:// URL, got {url:?}"));
                }
                broker = BrokerChoice::Amqp(url);
            }
            "--serve" => serve = Some(value("an address (host:port)")?),
            _ => return Err(format!("unknown argument {arg:?}")),
        }
    }
    Ok(Args { broker, serve })
}

/// The whole run, servers' shutdown included, must fit in this (without
/// `--serve`; with it, the time served until Ctrl-C is not counted).
const RUN_TIMEOUT: Duration = Duration::from_secs(30);

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
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
    let outcome = match &args.serve {
        None => match tokio::time::timeout(RUN_TIMEOUT, scenario::run(true, &args.broker)).await {
            Ok(outcome) => outcome.inspect(print_report),
            Err(_) => {
                eprintln!("FAILED: the scenario did not finish within {RUN_TIMEOUT:?}");
                return ExitCode::FAILURE;
            }
        },
        Some(listen) => scenario::run_then(true, &args.broker, listen, |report, addr| {
            print_report(report);
            println!();
            println!(
                "trip-management keeps serving on {addr} (raw Thrift, any protocol, framed or not; \
                     HTTP POST /thrift) with trips {}; Ctrl-C stops every service",
                report
                    .rides
                    .iter()
                    .map(|ride| ride.trip.id.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            async {
                if let Err(err) = tokio::signal::ctrl_c().await {
                    eprintln!("taxi-demo: cannot wait for Ctrl-C ({err}); stopping");
                }
            }
        })
        .await,
    };
    let report = match outcome {
        Ok(report) => report,
        Err(err) => {
            eprintln!("FAILED: {err}");
            return ExitCode::FAILURE;
        }
    };
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

/// The trips, the per-message table and the counters.
fn print_report(report: &Report) {
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
}
