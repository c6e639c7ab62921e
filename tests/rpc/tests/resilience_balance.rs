//! Balancing over several instances: calls spread over the endpoints, route
//! around a dead one (which is ejected), and return to it once it is back
//! (after the probe); DNS names are resolved into endpoints.

#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use trift::ResilientChannel;
use trift::Server;
use trift::resilience::{BalanceConfig, BreakerConfig, BreakerState};

use trift_rpc_tests::fault::{Fault, FaultServer, dead_addr};
use trift_rpc_tests::generated::rpc_test::CalculatorClient;

fn balance_config() -> BalanceConfig {
    BalanceConfig {
        endpoint_health: BreakerConfig {
            failure_rate_threshold: 0.5,
            minimum_calls: 2,
            window: Duration::from_secs(30),
            window_buckets: 10,
            cool_down: Duration::from_millis(300),
            half_open_trials: 1,
            consecutive_failures: 2,
        },
        resolve_interval: Duration::from_millis(200),
    }
}

#[tokio::test]
async fn calls_spread_over_every_endpoint() {
    let a = FaultServer::start(Fault::Healthy).await;
    let b = FaultServer::start(Fault::Healthy).await;
    let client = CalculatorClient::new(
        ResilientChannel::builder([a.addr.to_string(), b.addr.to_string()]).build(),
    );
    // Concurrent calls, so that pending-request loads differ.
    for _ in 0..10 {
        let calls = (0..10).map(|i| client.delayed_echo(i, 5));
        for result in futures_util::future::join_all(calls).await {
            result.unwrap();
        }
    }
    assert_eq!(a.control.requests() + b.control.requests(), 100);
    assert!(a.control.requests() >= 10, "a got {}", a.control.requests());
    assert!(b.control.requests() >= 10, "b got {}", b.control.requests());
}

#[tokio::test]
async fn balancing_routes_around_a_dead_instance_and_returns_when_it_recovers() {
    let a = FaultServer::start(Fault::Healthy).await;
    let b = FaultServer::start(Fault::Healthy).await;
    let a_addr = a.addr;
    let channel = ResilientChannel::builder([a.addr.to_string(), b.addr.to_string()])
        .balance(balance_config())
        .build();
    let client = CalculatorClient::new(channel.clone());
    for i in 0..20 {
        client.delayed_echo(i, 0).await.unwrap();
    }
    assert!(a.control.requests() > 0);

    // A dies. A few calls may fail while it is detected; then it is ejected
    // and every call goes to B.
    let a_control = a.kill().await;
    let mut failures = 0;
    for i in 0..20 {
        failures += usize::from(client.delayed_echo(i, 0).await.is_err());
    }
    assert!(failures <= 2, "{failures} calls failed");
    let health = |addr: String| {
        channel
            .endpoints()
            .into_iter()
            .find(|e| e.address == addr)
            .unwrap()
            .health
    };
    assert_eq!(health(a_addr.to_string()), BreakerState::Open);
    let b_before = b.control.requests();
    for i in 0..20 {
        client.delayed_echo(i, 0).await.unwrap();
    }
    assert_eq!(b.control.requests(), b_before + 20);

    // A comes back on its address; after the cool-down a probe finds it and
    // calls return to it.
    let a = FaultServer::start_on(a_addr, a_control, Server::builder()).await;
    let a_before = a.control.requests();
    let started = Instant::now();
    while a.control.requests() == a_before {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "A never probed"
        );
        client.delayed_echo(1, 0).await.unwrap();
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    for i in 0..20 {
        let calls = (0..5).map(|j| client.delayed_echo(i * 5 + j, 5));
        for result in futures_util::future::join_all(calls).await {
            result.unwrap();
        }
    }
    assert!(
        a.control.requests() > a_before + 5,
        "A got {}",
        a.control.requests() - a_before
    );
    assert_eq!(health(a_addr.to_string()), BreakerState::Closed);
}

#[tokio::test]
async fn every_endpoint_dead_fails_fast_with_no_endpoint() {
    let client =
        ResilientChannel::builder([dead_addr().await.to_string(), dead_addr().await.to_string()])
            .balance(balance_config())
            .deadline(Duration::from_secs(10))
            .build();
    let calculator = CalculatorClient::new(client.clone());
    for _ in 0..6 {
        assert!(calculator.add(1, 2).await.is_err());
    }
    assert!(
        client
            .endpoints()
            .iter()
            .all(|e| e.health == BreakerState::Open)
    );
    let started = Instant::now();
    let result = calculator.add(1, 2).await;
    assert!(
        matches!(
            result,
            Err(trift::Error::Refused(trift::Refusal::NoEndpoint))
        ),
        "{result:?}"
    );
    assert!(started.elapsed() < Duration::from_millis(500));
}

#[tokio::test]
async fn a_dns_name_is_resolved_into_endpoints() {
    let server = FaultServer::start(Fault::Healthy).await;
    let name = format!("localhost:{}", server.addr.port());
    let channel = ResilientChannel::builder([name])
        .balance(balance_config())
        .deadline(Duration::from_secs(5))
        .build();
    let client = CalculatorClient::new(channel.clone());
    // `localhost` may also resolve to ::1, where nothing listens: that
    // endpoint is ejected and calls go to 127.0.0.1.
    let mut ok = 0;
    for i in 0..30 {
        ok += usize::from(client.delayed_echo(i, 0).await.is_ok());
    }
    assert!(ok >= 20, "{ok} calls succeeded");
    let addresses: Vec<String> = channel.endpoints().into_iter().map(|e| e.address).collect();
    assert!(
        addresses.contains(&server.addr.to_string()),
        "{addresses:?}"
    );
}
