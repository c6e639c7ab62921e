//! Bounded outstanding requests (per client and per endpoint) fail fast with
//! `Overloaded`, and the server's load shedding answers at once with a
//! `TApplicationException` instead of queueing.

#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use tower::Layer;
use trift::ResilientChannel;
use trift::resilience::LoadShedLayer;
use trift::resilience::shed::SHED_MESSAGE;
use trift::{ApplicationExceptionKind, Server};

use trift_rpc_tests::fault::{Fault, FaultServer};
use trift_rpc_tests::generated::rpc_test::{CalculatorClient, CalculatorServer};
use trift_rpc_tests::handlers::TestHandler;
use trift_rpc_tests::harness;

fn is_overloaded(result: &Result<i32, trift::Error>) -> bool {
    matches!(
        result,
        Err(trift::Error::Refused(trift::Refusal::Overloaded))
    )
}

#[tokio::test]
async fn the_client_bound_fails_fast_with_overloaded() {
    let server = FaultServer::start(Fault::Healthy).await;
    let channel = ResilientChannel::builder([server.addr.to_string()])
        .deadline(Duration::from_secs(10))
        .max_outstanding(2)
        .build();
    let client = CalculatorClient::new(channel.clone());
    let slow: Vec<_> = (0..2)
        .map(|i| tokio::spawn(client.delayed_echo(i, 1_000)))
        .collect();
    while server.control.requests() < 2 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let started = Instant::now();
    let refused = client.delayed_echo(9, 0).await;
    assert!(is_overloaded(&refused), "{refused:?}");
    assert!(started.elapsed() < Duration::from_millis(500));
    assert_eq!(channel.rejected_overloaded(), 1);
    // Never sent: the server saw only the two slow calls.
    assert_eq!(server.control.requests(), 2);
    for call in slow {
        call.await.unwrap().unwrap();
    }
    // Slots are back.
    assert_eq!(client.delayed_echo(3, 0).await.unwrap(), 3);
}

#[tokio::test]
async fn the_per_endpoint_bound_fails_fast_with_overloaded() {
    let server = FaultServer::start(Fault::Healthy).await;
    let client = CalculatorClient::new(
        ResilientChannel::builder([server.addr.to_string()])
            .deadline(Duration::from_secs(10))
            .max_outstanding_per_endpoint(1)
            .build(),
    );
    let slow = tokio::spawn(client.delayed_echo(1, 1_000));
    while server.control.requests() < 1 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let started = Instant::now();
    let refused = client.delayed_echo(2, 0).await;
    assert!(is_overloaded(&refused), "{refused:?}");
    assert!(started.elapsed() < Duration::from_millis(500));
    assert_eq!(slow.await.unwrap().unwrap(), 1);
}

#[tokio::test]
async fn the_server_sheds_load_at_once_with_an_application_exception() {
    let (handler, _events) = TestHandler::new();
    let shed = LoadShedLayer::new(2);
    let service = shed.layer(CalculatorServer::new(handler));
    let bound = Server::builder().bind("127.0.0.1:0").await.unwrap();
    let addr = bound.local_addr();
    tokio::spawn(bound.serve(service));
    // Two clients, two connections: the cap is server-wide.
    let first = harness::client(addr, trift::Protocol::Binary, trift::Framing::Framed);
    let second = harness::client(addr, trift::Protocol::Compact, trift::Framing::Framed);
    let slow = [
        tokio::spawn(first.delayed_echo(1, 1_000)),
        tokio::spawn(second.delayed_echo(2, 1_000)),
    ];
    while shed.in_flight() < 2 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let started = Instant::now();
    for client in [&first, &second] {
        match client.delayed_echo(3, 0).await {
            Err(trift::Error::Application(err)) => {
                assert_eq!(err.kind, ApplicationExceptionKind::InternalError);
                assert!(err.message.starts_with(SHED_MESSAGE), "{}", err.message);
            }
            other => panic!("expected a shed request, got {other:?}"),
        }
    }
    assert!(started.elapsed() < Duration::from_millis(500));
    assert_eq!(shed.shed_count(), 2);
    for call in slow {
        call.await.unwrap().unwrap();
    }
    assert_eq!(shed.in_flight(), 0);
    assert_eq!(first.delayed_echo(4, 0).await.unwrap(), 4);
}
