//! Interop with Apache's Python library (PyPI `thrift`), using stubs that
//! Debian's `thrift --gen py` generates from `idl/rpc_test.thrift`:
//!
//! * Python client -> trift server (generated `CalculatorServer`);
//! * trift client (generated `CalculatorClient`) -> Python `TThreadedServer`;
//!
//! for binary, compact and JSON x framed and buffered, each plain and
//! through TMultiplexedProtocol (`TMultiplexedProcessor` on the Python
//! side). Without the tools the tests are skipped (listed at the end of `tests/run.sh`), unless `CI` is set.

// Helpers outside `#[test]` functions unwrap too; clippy.toml only exempts
// the test functions themselves.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use trift::{ApplicationExceptionKind, Framing, Protocol, Server};
use trift_rpc_tests::generated::rpc_test::{CalculatorClient, CalculatorDivideError};
use trift_rpc_tests::harness::{self, COMBINATIONS};
use trift_rpc_tests::python;

/// Runs the Python client script against a trift server in `protocol` and
/// `framing` (pinned, or auto-detecting), plain or multiplexed.
async fn python_client_against_trift(
    stubs: &std::path::Path,
    protocol: Protocol,
    framing: Framing,
    multiplexed: bool,
    auto_detect: bool,
) {
    let builder = if auto_detect {
        Server::builder()
    } else {
        Server::builder().protocol(protocol).framing(framing)
    };
    let mut server = if multiplexed {
        harness::start_multiplexed(builder).await
    } else {
        harness::start(builder).await
    };
    let port = server.addr.port();
    let stubs = stubs.to_owned();
    tokio::task::spawn_blocking(move || {
        python::run_client(&stubs, protocol, framing, multiplexed, port);
    })
    .await
    .unwrap();
    // The server saw the Python client's oneway call.
    let mut events = Vec::new();
    while let Ok(event) = server.events.try_recv() {
        events.push(event);
    }
    assert_eq!(events, ["py-event"], "{protocol}/{framing}");
}

#[tokio::test]
async fn python_clients_call_a_trift_server() {
    if !python::tools_available() {
        return;
    }
    let stubs = python::generate_stubs();
    for multiplexed in [false, true] {
        for (protocol, framing) in COMBINATIONS {
            python_client_against_trift(stubs.path(), protocol, framing, multiplexed, false).await;
        }
    }
}

#[tokio::test]
async fn python_clients_call_an_auto_detecting_trift_server() {
    if !python::tools_available() {
        return;
    }
    let stubs = python::generate_stubs();
    for (protocol, framing) in COMBINATIONS {
        python_client_against_trift(stubs.path(), protocol, framing, false, true).await;
    }
}

/// Every call kind from a generated trift client to a Python server.
async fn trift_client_against_python<S: trift::client::ClientService>(
    client: &CalculatorClient<S>,
    label: &str,
) {
    assert_eq!(client.ping().await.unwrap(), "pong", "{label}");
    assert_eq!(
        client.add(2_000_000_000, 2_000_000_000).await.unwrap(),
        4_000_000_000,
        "{label}"
    );
    client.record("héllo ☃".to_owned()).await.unwrap();
    assert_eq!(client.last_entry().await.unwrap(), "héllo ☃", "{label}");
    assert_eq!(client.divide(-7, 2).await.unwrap(), -3, "{label}");
    match client.divide(1, 0).await {
        Err(CalculatorDivideError::Zero(err)) => assert_eq!(err.message, "division by zero"),
        other => panic!("{label}: expected DivideByZero, got {other:?}"),
    }
    match client.divide(i32::MIN, -1).await {
        Err(CalculatorDivideError::Overflow(err)) => assert_eq!(err.dividend, i32::MIN),
        other => panic!("{label}: expected Overflow, got {other:?}"),
    }
    match client.crash().await {
        Err(trift::Error::Application(err)) => {
            assert_eq!(err.kind, ApplicationExceptionKind::InternalError, "{label}");
        }
        other => panic!("{label}: expected INTERNAL_ERROR, got {other:?}"),
    }
    assert_eq!(client.delayed_echo(41, 5).await.unwrap(), 41, "{label}");
    // Oneway: returns once written; the Python server records it.
    client.notify("rust-event".to_owned()).await.unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let entry = client.last_entry().await.unwrap();
        if entry == "notified:rust-event" {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{label}: the Python server did not observe the oneway call (last entry {entry:?})"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Several calls in flight on one connection: Apache answers in order.
    let calls: Vec<_> = (0..20)
        .map(|i| tokio::spawn(client.clone().delayed_echo(i, 1)))
        .collect();
    for (i, call) in (0..).zip(calls) {
        assert_eq!(call.await.unwrap().unwrap(), i, "{label}");
    }
}

#[tokio::test]
async fn trift_clients_call_a_python_server() {
    if !python::tools_available() {
        return;
    }
    let stubs = python::generate_stubs();
    for multiplexed in [false, true] {
        for (protocol, framing) in COMBINATIONS {
            let (_server, port) =
                python::start_server(stubs.path(), protocol, framing, multiplexed);
            let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
            let service_name = multiplexed.then_some("Calculator");
            let client =
                CalculatorClient::new(harness::channel(addr, protocol, framing, service_name));
            let label = format!("{protocol}/{framing} multiplexed: {multiplexed}");
            trift_client_against_python(&client, &label).await;
        }
    }
}
