//! `cargo run -p taxi-demo`: starts the taxi-hailing services on loopback,
//! runs the scenario, prints every message and a summary, and exits 0 only
//! if every check passed.

use std::process::ExitCode;
use std::time::Duration;

use taxi_demo::scenario;

/// The whole run, servers' shutdown included, must fit in this.
const RUN_TIMEOUT: Duration = Duration::from_secs(30);

#[tokio::main]
async fn main() -> ExitCode {
    println!(
        "taxi-hailing demo (Chris Richardson, \"Building Microservices: Inter-Process Communication\")"
    );
    println!();
    let report = match tokio::time::timeout(RUN_TIMEOUT, scenario::run(true)).await {
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
        "passenger-service served up to {} verifyPassenger calls at once, all on trip-management's one connection",
        report.passenger_peak
    );
    if !report.failures.is_empty() {
        for failure in &report.failures {
            eprintln!("FAILED: {failure}");
        }
        return ExitCode::FAILURE;
    }
    println!(
        "OK: {} trips settled, every check passed, all services shut down gracefully in {:.1} ms",
        report.rides.len(),
        report.elapsed.as_secs_f64() * 1000.0
    );
    ExitCode::SUCCESS
}
