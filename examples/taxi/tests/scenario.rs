//! The demo's scenario as a test, on the embedded broker and on RabbitMQ:
//! every passenger in good standing gets a driver, the suspended one is
//! rejected, every message kind flows the expected number of times, each
//! driver is asked about every trip, and the second Trip Created subscriber
//! sees every trip.

use std::time::Duration;

use taxi_demo::generated::taxi::common::TripStatus;
use taxi_demo::passenger::ACCOUNTS;
use taxi_demo::scenario::{self, BrokerChoice, Report};

async fn run(broker: BrokerChoice) -> Report {
    tokio::time::timeout(Duration::from_secs(60), scenario::run(false, &broker))
        .await
        .expect("the scenario finishes")
        .expect("the services start")
}

fn assert_passed(report: &Report) {
    assert!(report.failures.is_empty(), "{:#?}", report.failures);
    assert_eq!(report.rides.len(), ACCOUNTS.len());
    let assigned = report
        .rides
        .iter()
        .filter(|ride| ride.trip.status == TripStatus::DRIVER_ASSIGNED)
        .count();
    assert_eq!(assigned, ACCOUNTS.len() - 1);
    assert_eq!(report.notified.len(), ACCOUNTS.len() - 1);
    // Every ride's last observed status is the trip's final one.
    for ride in &report.rides {
        assert_eq!(ride.statuses.last(), Some(&ride.trip.status));
    }
    for style in [
        "notification",
        "request/response",
        "publish/subscribe",
        "publish/async",
    ] {
        assert!(
            report.summary.contains(style),
            "no {style} in\n{}",
            report.summary
        );
    }
    assert!(report.summary.contains("json/http"));
    assert!(report.summary.contains("compact/header-tcp"));
}

#[tokio::test]
async fn every_trip_settles_through_the_embedded_broker() {
    let report = run(BrokerChoice::Embedded).await;
    assert_passed(&report);
    assert!(report.summary.contains("binary/embedded"));
}

#[tokio::test]
async fn every_trip_settles_through_rabbitmq() {
    let url = std::env::var("TRIFT_AMQP_URL")
        .unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".to_owned());
    if let Err(err) = trift_messaging::AmqpBroker::connect(&url).await {
        trift_test_skip::skip(&format!(
            "RabbitMQ is not reachable at {url} ({err}); tests/setup.sh installs and starts rabbitmq-server"
        ));
        return;
    }
    let report = run(BrokerChoice::Amqp(url)).await;
    assert_passed(&report);
    assert!(report.summary.contains("binary/amqp"));
}
