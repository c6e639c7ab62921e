//! Fallbacks: a call answers its fallback value on deadline, overload, open
//! circuit and transport failure; not on a declared exception unless asked.

#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use trift::ResilientChannel;
use trift::TransportError;
use trift::resilience::{BreakerConfig, FallbackExt};

use trift_rpc_tests::fault::{Fault, FaultServer, dead_addr};
use trift_rpc_tests::generated::rpc_test::{CalculatorClient, CalculatorDivideError};

#[tokio::test]
async fn a_fallback_answers_on_deadline() {
    let server = FaultServer::start(Fault::Hanging).await;
    let client = CalculatorClient::new(
        ResilientChannel::builder([server.addr.to_string()])
            .deadline(Duration::from_millis(100))
            .build(),
    );
    let started = Instant::now();
    let value = client.delayed_echo(1, 0).or_fallback(|| -1).await.unwrap();
    assert_eq!(value, -1);
    assert!(started.elapsed() < Duration::from_millis(1_500));
    // Per-call deadline and fallback together.
    let value = client
        .delayed_echo(1, 0)
        .deadline(Duration::from_millis(50))
        .with_fallback(|err| match err {
            trift::Error::Transport(TransportError::CallTimeout(_)) => -2,
            _ => -3,
        })
        .await
        .unwrap();
    assert_eq!(value, -2);
}

#[tokio::test]
async fn a_fallback_answers_on_a_dead_dependency_and_an_open_circuit() {
    let client = CalculatorClient::new(
        ResilientChannel::builder([dead_addr().await.to_string()])
            .circuit_breaker(BreakerConfig {
                minimum_calls: 2,
                ..BreakerConfig::default()
            })
            .build(),
    );
    let mut seen = Vec::new();
    for _ in 0..4 {
        let value = client
            .add(1, 2)
            .with_fallback(|err| {
                seen.push(matches!(
                    err,
                    trift::Error::Refused(trift::Refusal::CircuitOpen)
                ));
                0
            })
            .await
            .unwrap();
        assert_eq!(value, 0);
    }
    // Two connection failures, then the breaker is open.
    assert_eq!(seen, [false, false, true, true]);
}

#[tokio::test]
async fn a_fallback_answers_on_overload() {
    let server = FaultServer::start(Fault::Healthy).await;
    let client = CalculatorClient::new(
        ResilientChannel::builder([server.addr.to_string()])
            .max_outstanding(1)
            .build(),
    );
    let slow = tokio::spawn(client.delayed_echo(1, 500));
    while server.control.requests() < 1 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let value = client.delayed_echo(2, 0).or_fallback(|| 42).await.unwrap();
    assert_eq!(value, 42);
    assert_eq!(slow.await.unwrap().unwrap(), 1);
}

#[tokio::test]
async fn a_fallback_answers_on_a_server_exception() {
    let server = FaultServer::start(Fault::Failing).await;
    let client =
        CalculatorClient::new(ResilientChannel::builder([server.addr.to_string()]).build());
    assert_eq!(client.add(1, 2).or_fallback(|| 0).await.unwrap(), 0);
}

#[tokio::test]
async fn a_declared_exception_is_not_replaced_unless_asked() {
    let server = FaultServer::start(Fault::Healthy).await;
    let client =
        CalculatorClient::new(ResilientChannel::builder([server.addr.to_string()]).build());
    let result = client.divide(1, 0).or_fallback(|| 0).await;
    assert!(
        matches!(result, Err(CalculatorDivideError::Zero(_))),
        "{result:?}"
    );
    let value = client
        .divide(1, 0)
        .or_fallback(|| 0)
        .fallback_on_declared()
        .await
        .unwrap();
    assert_eq!(value, 0);
    // A success is never replaced.
    assert_eq!(client.divide(6, 3).or_fallback(|| 0).await.unwrap(), 2);
}
