//! Deadlines: the client's default and per-call deadlines fire on time
//! (within generous scheduling slack), free the call's slot, and the late
//! reply is dropped without harming the connection; the server's handler
//! timeout answers a slow handler with `INTERNAL_ERROR`.

#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use tower::Layer;
use trift::ResilientChannel;
use trift::resilience::{FallbackExt, HandlerTimeoutLayer, with_deadline};
use trift::{ApplicationExceptionKind, Server, TransportError};

use trift_rpc_tests::fault::{Fault, FaultServer};
use trift_rpc_tests::generated::rpc_test::{CalculatorClient, CalculatorServer};
use trift_rpc_tests::handlers::TestHandler;
use trift_rpc_tests::harness;

fn assert_timed_out(result: Result<i32, trift::Error>, deadline: Duration) {
    match result {
        Err(trift::Error::Transport(TransportError::CallTimeout(after))) => {
            assert_eq!(after, deadline);
        }
        other => panic!("expected a call timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn the_default_deadline_fires_on_time_and_frees_the_slot() {
    let server = FaultServer::start(Fault::Healthy).await;
    let channel = ResilientChannel::builder([server.addr.to_string()])
        .deadline(Duration::from_millis(150))
        .build();
    let client = CalculatorClient::new(channel.clone());
    assert_eq!(client.delayed_echo(7, 0).await.unwrap(), 7);

    let started = Instant::now();
    let result = client.delayed_echo(1, 3_000).await;
    let elapsed = started.elapsed();
    assert_timed_out(result, Duration::from_millis(150));
    assert!(
        elapsed >= Duration::from_millis(150),
        "fired early: {elapsed:?}"
    );
    assert!(
        elapsed < Duration::from_millis(1_500),
        "fired late: {elapsed:?}"
    );
    // Cancelled: nothing is outstanding any more, on the client or the
    // endpoint's channel.
    assert_eq!(channel.outstanding(), 0);
    assert!(channel.endpoints().iter().all(|e| e.in_flight == 0));
}

#[tokio::test]
async fn a_per_call_deadline_overrides_the_default() {
    let server = FaultServer::start(Fault::Healthy).await;
    let client = CalculatorClient::new(
        ResilientChannel::builder([server.addr.to_string()])
            .deadline(Duration::from_secs(20))
            .build(),
    );
    let started = Instant::now();
    let result = client
        .delayed_echo(1, 3_000)
        .deadline(Duration::from_millis(100))
        .await;
    assert_timed_out(result, Duration::from_millis(100));
    assert!(started.elapsed() < Duration::from_millis(1_500));

    let started = Instant::now();
    let result = with_deadline(Duration::from_millis(120), client.delayed_echo(1, 3_000)).await;
    assert_timed_out(result, Duration::from_millis(120));
    assert!(started.elapsed() < Duration::from_millis(1_500));

    // A longer per-call deadline lets a slow call finish.
    let slow = client
        .delayed_echo(5, 200)
        .deadline(Duration::from_secs(10))
        .await;
    assert_eq!(slow.unwrap(), 5);
}

#[tokio::test]
async fn a_late_reply_is_dropped_and_the_connection_keeps_working() {
    let server = FaultServer::start(Fault::Healthy).await;
    let channel = ResilientChannel::builder([server.addr.to_string()])
        .deadline(Duration::from_millis(100))
        .build();
    let client = CalculatorClient::new(channel.clone());
    let result = client.delayed_echo(1, 300).await;
    assert_timed_out(result, Duration::from_millis(100));
    // The reply arrives while nobody waits for it.
    tokio::time::sleep(Duration::from_millis(400)).await;
    for i in 0..10 {
        assert_eq!(client.delayed_echo(i, 0).await.unwrap(), i);
    }
    assert_eq!(server.control.requests(), 11);
    assert_eq!(channel.outstanding(), 0);
}

#[tokio::test]
async fn a_slow_dependency_does_not_hang_the_caller() {
    let server = FaultServer::start(Fault::Hanging).await;
    let client = CalculatorClient::new(
        ResilientChannel::builder([server.addr.to_string()])
            .deadline(Duration::from_millis(100))
            .build(),
    );
    let started = Instant::now();
    let calls = (0..50).map(|i| client.delayed_echo(i, 0));
    let results = futures_util::future::join_all(calls).await;
    assert!(started.elapsed() < Duration::from_secs(2));
    for result in results {
        assert_timed_out(result, Duration::from_millis(100));
    }
}

#[tokio::test]
async fn the_server_handler_timeout_answers_internal_error() {
    let (handler, _events) = TestHandler::new();
    let service =
        HandlerTimeoutLayer::new(Duration::from_millis(100)).layer(CalculatorServer::new(handler));
    let bound = Server::builder().bind("127.0.0.1:0").await.unwrap();
    let addr = bound.local_addr();
    tokio::spawn(bound.serve(service));
    let client = harness::client(addr, trift::Protocol::Binary, trift::Framing::Framed);

    let started = Instant::now();
    match client.delayed_echo(1, 3_000).await {
        Err(trift::Error::Application(err)) => {
            assert_eq!(err.kind, ApplicationExceptionKind::InternalError);
            assert!(err.message.contains("timed out"), "{}", err.message);
        }
        other => panic!("expected INTERNAL_ERROR, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_millis(1_500));
    // A fast handler is untouched.
    assert_eq!(client.delayed_echo(3, 10).await.unwrap(), 3);
}
