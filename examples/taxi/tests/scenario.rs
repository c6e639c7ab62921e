//! The demo's scenario as a test: every passenger in good standing gets a
//! driver, the suspended one is rejected, every message kind flows the
//! expected number of times, and the servers shut down.

use std::time::Duration;

use taxi_demo::generated::taxi::common::TripStatus;
use taxi_demo::passenger::ACCOUNTS;
use taxi_demo::scenario;

#[tokio::test]
async fn every_trip_settles_and_the_services_shut_down() {
    let report = tokio::time::timeout(Duration::from_secs(30), scenario::run(false))
        .await
        .expect("the scenario finishes")
        .expect("the services start");
    assert!(report.failures.is_empty(), "{:#?}", report.failures);
    assert_eq!(report.rides.len(), ACCOUNTS.len());
    let assigned = report
        .rides
        .iter()
        .filter(|ride| ride.trip.status == TripStatus::DRIVER_ASSIGNED)
        .count();
    assert_eq!(assigned, ACCOUNTS.len() - 1);
    // Every ride's last observed status is the trip's final one.
    for ride in &report.rides {
        assert_eq!(ride.statuses.last(), Some(&ride.trip.status));
    }
    assert!(report.summary.contains("json/http"));
}
