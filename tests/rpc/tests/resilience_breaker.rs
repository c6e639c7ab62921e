//! The circuit breaker: opens on the failure rate over its window (with a
//! minimum of calls), then fails fast without touching the network (the
//! server's request counter does not move), half-opens after the cool-down,
//! closes on a successful trial and opens again on a failed one.

#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use trift::ApplicationExceptionKind;
use trift::ResilientChannel;
use trift::resilience::{BreakerConfig, BreakerState};

use trift_rpc_tests::fault::{Fault, FaultServer, dead_addr};
use trift_rpc_tests::generated::rpc_test::CalculatorClient;

fn config() -> BreakerConfig {
    BreakerConfig {
        failure_rate_threshold: 0.5,
        minimum_calls: 4,
        window: Duration::from_secs(30),
        window_buckets: 10,
        cool_down: Duration::from_millis(300),
        half_open_trials: 1,
        consecutive_failures: 0,
    }
}

fn is_circuit_open(result: &Result<i64, trift::Error>) -> bool {
    matches!(
        result,
        Err(trift::Error::Refused(trift::Refusal::CircuitOpen))
    )
}

#[tokio::test]
async fn the_breaker_opens_fails_fast_half_opens_and_closes() {
    let server = FaultServer::start(Fault::Failing).await;
    let channel = ResilientChannel::builder([server.addr.to_string()])
        .name("calculator")
        .circuit_breaker(config())
        .build();
    let breaker = channel.breaker().unwrap().clone();
    let mut changes = breaker.subscribe();
    let client = CalculatorClient::new(channel);

    // Three failures: below the minimum number of calls, still closed.
    for _ in 0..3 {
        match client.add(1, 2).await {
            Err(trift::Error::Application(err)) => {
                assert_eq!(err.kind, ApplicationExceptionKind::InternalError);
            }
            other => panic!("expected the injected failure, got {other:?}"),
        }
    }
    assert_eq!(breaker.state(), BreakerState::Closed);
    // The fourth: 4 calls, 100% failed: open.
    assert!(client.add(1, 2).await.is_err());
    assert_eq!(breaker.state(), BreakerState::Open);
    changes.changed().await.unwrap();
    assert_eq!(changes.borrow_and_update().to, BreakerState::Open);

    // Open: calls fail at once and never reach the server.
    let before = server.control.requests();
    let started = Instant::now();
    for _ in 0..20 {
        assert!(is_circuit_open(&client.add(1, 2).await));
    }
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(server.control.requests(), before);
    let counters = breaker.counters();
    assert_eq!(counters.rejected, 20);
    assert_eq!(counters.failures, 4);
    assert_eq!(counters.opened, 1);

    // After the cool-down a trial goes through; it succeeds: closed.
    server.control.set(Fault::Healthy);
    tokio::time::sleep(Duration::from_millis(350)).await;
    assert_eq!(client.add(1, 2).await.unwrap(), 3);
    assert_eq!(server.control.requests(), before + 1);
    assert_eq!(breaker.state(), BreakerState::Closed);
    assert_eq!(changes.borrow_and_update().sequence, 3);
    assert_eq!(client.add(2, 2).await.unwrap(), 4);
}

#[tokio::test]
async fn a_failed_trial_opens_the_breaker_again() {
    let server = FaultServer::start(Fault::Failing).await;
    let channel = ResilientChannel::builder([server.addr.to_string()])
        .circuit_breaker(config())
        .build();
    let breaker = channel.breaker().unwrap().clone();
    let client = CalculatorClient::new(channel);
    for _ in 0..4 {
        assert!(client.add(1, 2).await.is_err());
    }
    assert_eq!(breaker.state(), BreakerState::Open);
    tokio::time::sleep(Duration::from_millis(350)).await;
    let before = server.control.requests();
    // The trial reaches the server, fails, and the breaker opens again.
    assert!(matches!(
        client.add(1, 2).await,
        Err(trift::Error::Application(_))
    ));
    assert_eq!(server.control.requests(), before + 1);
    assert_eq!(breaker.state(), BreakerState::Open);
    assert!(is_circuit_open(&client.add(1, 2).await));
    assert_eq!(breaker.counters().opened, 2);
}

#[tokio::test]
async fn half_open_lets_only_the_trial_calls_through() {
    let server = FaultServer::start(Fault::Failing).await;
    let channel = ResilientChannel::builder([server.addr.to_string()])
        .circuit_breaker(config())
        .build();
    let breaker = channel.breaker().unwrap().clone();
    let client = CalculatorClient::new(channel);
    for _ in 0..4 {
        assert!(client.add(1, 2).await.is_err());
    }
    server.control.set(Fault::Slow(Duration::from_millis(300)));
    tokio::time::sleep(Duration::from_millis(350)).await;
    let trial = tokio::spawn(client.add(1, 2));
    let started = Instant::now();
    while breaker.state() != BreakerState::HalfOpen {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "never half-open"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    // While the trial is out, other calls fail fast.
    assert!(is_circuit_open(&client.add(1, 2).await));
    assert_eq!(trial.await.unwrap().unwrap(), 3);
    assert_eq!(breaker.state(), BreakerState::Closed);
}

#[tokio::test]
async fn a_dead_dependency_opens_the_breaker() {
    let client = ResilientChannel::builder([dead_addr().await.to_string()])
        .circuit_breaker(config())
        .build();
    let breaker = client.breaker().unwrap().clone();
    let client = CalculatorClient::new(client);
    for _ in 0..4 {
        // Refused connections, then no endpoint once the balancer ejects it.
        assert!(matches!(
            client.add(1, 2).await,
            Err(trift::Error::Transport(_) | trift::Error::Refused(trift::Refusal::NoEndpoint))
        ));
    }
    assert_eq!(breaker.state(), BreakerState::Open);
    assert!(is_circuit_open(&client.add(1, 2).await));
}

#[tokio::test]
async fn a_flapping_dependency_trips_the_breaker_only_past_the_threshold() {
    // Alternating failures and successes: 50% failed.
    let server = FaultServer::start(Fault::Flapping(1)).await;
    let channel = ResilientChannel::builder([server.addr.to_string()])
        .circuit_breaker(BreakerConfig {
            failure_rate_threshold: 0.7,
            ..config()
        })
        .build();
    let breaker = channel.breaker().unwrap().clone();
    let client = CalculatorClient::new(channel);
    for _ in 0..20 {
        let _ = client.add(1, 2).await;
    }
    // At most 3 of 5 (60%) < 70%: stays closed.
    assert_eq!(breaker.state(), BreakerState::Closed);
    let counters = breaker.counters();
    assert_eq!((counters.window_calls, counters.window_failures), (20, 10));
    // Failing outright pushes the rate past the threshold.
    server.control.set(Fault::Failing);
    for _ in 0..20 {
        let _ = client.add(1, 2).await;
    }
    assert_eq!(breaker.state(), BreakerState::Open);
}
