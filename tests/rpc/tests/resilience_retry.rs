//! Retries: only idempotent two-way calls are retried (IDL-marked requests or
//! methods named in the builder), with backoff, within the retry budget;
//! non-idempotent calls and oneway calls never are.

#![allow(clippy::unwrap_used)]

use std::time::Duration;

use trift::ResilientChannel;
use trift::client::ClientService;
use trift::resilience::{BalanceConfig, BreakerConfig, RetryBudget, RetryPolicy};
use trift::{ClientRequest, TransportError};

use trift_rpc_tests::fault::{Fault, FaultServer};
use trift_rpc_tests::generated::rpc_test::{
    CalculatorAddArgs, CalculatorAddResult, CalculatorClient,
};

fn policy() -> RetryPolicy {
    RetryPolicy {
        max_retries: 3,
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(50),
        ..RetryPolicy::default()
    }
}

fn channel(server: &FaultServer, policy: RetryPolicy) -> ResilientChannel {
    ResilientChannel::builder([server.addr.to_string()])
        .deadline(Duration::from_secs(10))
        .attempt_timeout(Duration::from_millis(100))
        .retry(policy)
        .idempotent_methods(["delayed_echo"])
        // Keep the hanging endpoint in rotation: these tests are about the
        // retries, not about ejecting it.
        .balance(BalanceConfig {
            endpoint_health: BreakerConfig {
                minimum_calls: 1_000,
                consecutive_failures: 0,
                ..BreakerConfig::default()
            },
            ..BalanceConfig::default()
        })
        .build()
}

/// `add` sent as an IDL-marked idempotent request.
async fn idempotent_add<S: ClientService>(
    service: &S,
    a: i32,
    b: i32,
) -> Result<i64, trift::Error> {
    let request = ClientRequest::call("add", CalculatorAddArgs { a, b }).idempotent();
    let reply = trift::client::call(service, request).await?;
    Ok(reply
        .decode_result::<CalculatorAddResult>()?
        .success
        .unwrap())
}

#[tokio::test]
async fn an_idempotent_call_is_retried_until_it_succeeds() {
    let server = FaultServer::start(Fault::HangFirst(2)).await;
    let channel = channel(&server, policy());
    let client = CalculatorClient::new(channel.clone());
    // Named idempotent in the builder.
    assert_eq!(client.delayed_echo(5, 0).await.unwrap(), 5);
    assert_eq!(server.control.requests(), 3);
    assert_eq!(channel.retry_counters().unwrap().retries, 2);
    // Marked idempotent on the request (as generated code does for
    // `(idempotent)` methods).
    server.control.set(Fault::HangFirst(4));
    assert_eq!(idempotent_add(&channel, 2, 3).await.unwrap(), 5);
    assert_eq!(server.control.requests(), 5);
}

#[tokio::test]
async fn retries_stop_after_the_maximum() {
    let server = FaultServer::start(Fault::Hanging).await;
    let channel = channel(&server, policy());
    let client = CalculatorClient::new(channel.clone());
    let result = client.delayed_echo(5, 0).await;
    assert!(matches!(
        result,
        Err(trift::Error::Transport(TransportError::CallTimeout(_)))
    ));
    assert_eq!(server.control.requests(), 4);
}

#[tokio::test]
async fn a_non_idempotent_call_is_never_retried() {
    let server = FaultServer::start(Fault::HangFirst(1)).await;
    let client = CalculatorClient::new(channel(&server, policy()));
    let result = client.add(1, 2).await;
    assert!(matches!(
        result,
        Err(trift::Error::Transport(TransportError::CallTimeout(_)))
    ));
    assert_eq!(server.control.requests(), 1);
}

#[tokio::test]
async fn a_oneway_call_is_never_retried_even_when_named() {
    let server = FaultServer::start(Fault::Healthy).await;
    let channel = ResilientChannel::builder([server.addr.to_string()])
        .retry(policy())
        .idempotent_methods(["notify"])
        .build();
    let client = CalculatorClient::new(channel.clone());
    client.notify("event".to_owned()).await.unwrap();
    while server.control.requests() < 1 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(server.control.requests(), 1);
    assert_eq!(channel.retry_counters().unwrap().retries, 0);
}

#[tokio::test]
async fn a_server_exception_is_not_retried() {
    let server = FaultServer::start(Fault::Failing).await;
    let client = CalculatorClient::new(channel(&server, policy()));
    assert!(matches!(
        client.delayed_echo(1, 0).await,
        Err(trift::Error::Application(_))
    ));
    assert_eq!(server.control.requests(), 1);
}

#[tokio::test]
async fn retries_stop_at_the_budget() {
    let server = FaultServer::start(Fault::Hanging).await;
    let channel = channel(
        &server,
        RetryPolicy {
            budget: RetryBudget {
                ttl: Duration::from_secs(10),
                min_per_sec: 1,
                retry_ratio: 0.0,
            },
            ..policy()
        },
    );
    let client = CalculatorClient::new(channel.clone());
    let calls = (0..10).map(|i| client.delayed_echo(i, 0));
    let results = futures_util::future::join_all(calls).await;
    assert!(results.iter().all(Result::is_err));
    // Without a budget: 10 calls x 4 attempts. The budget's reserve is one
    // retry per second of its 10 s ttl.
    let counters = channel.retry_counters().unwrap();
    assert_eq!(counters.retries, 10);
    assert!(counters.budget_exhausted >= 10, "{counters:?}");
    assert_eq!(server.control.requests(), 20);
}
