//! TMultiplexedProtocol and tower layers on both call paths.

// Helpers outside `#[test]` functions unwrap too.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tower::limit::ConcurrencyLimitLayer;
use tower::{Layer, ServiceBuilder};
use trift::client::ServiceNameLayer;
use trift::server::MultiplexedService;
use trift::{ApplicationExceptionKind, Channel, ServerRequest};

use trift_rpc_tests::generated::rpc_test::{
    Base, BaseClient, BaseServer, CalculatorClient, CalculatorServer,
};
use trift_rpc_tests::handlers::TestHandler;
use trift_rpc_tests::harness::{self, COMBINATIONS};

/// A `Base` whose ping answers differently, to tell services apart.
struct OtherBase;

impl Base for OtherBase {
    async fn ping(&self) -> Result<String, trift::Error> {
        Ok("other".to_owned())
    }
}

async fn start_multiplexed() -> std::net::SocketAddr {
    let (handler, _events) = TestHandler::new();
    let handler = Arc::new(handler);
    let service = MultiplexedService::builder()
        .service(
            "Calculator",
            CalculatorServer::from_arc(Arc::clone(&handler)),
        )
        .service("Other", BaseServer::new(OtherBase))
        .default_service(CalculatorServer::from_arc(handler))
        .build();
    let bound = trift::Server::builder().bind("127.0.0.1:0").await.unwrap();
    let addr = bound.local_addr();
    tokio::spawn(bound.serve(service));
    addr
}

#[tokio::test]
async fn calls_are_routed_by_service_name() {
    let addr = start_multiplexed().await;
    for (protocol, framing) in COMBINATIONS {
        let builder = || Channel::builder(addr).protocol(protocol).framing(framing);
        let calculator =
            CalculatorClient::new(ServiceNameLayer::new("Calculator").layer(builder().build()));
        assert_eq!(calculator.add(40, 2).await.unwrap(), 42);
        assert_eq!(calculator.ping().await.unwrap(), "pong");
        let other = BaseClient::new(ServiceNameLayer::new("Other").layer(builder().build()));
        assert_eq!(other.ping().await.unwrap(), "other");
        // The same through the layer, for any client stack.
        let layered = BaseClient::new(
            ServiceBuilder::new()
                .layer(ServiceNameLayer::new("Other"))
                .service(builder().build()),
        );
        assert_eq!(layered.ping().await.unwrap(), "other");
        // No prefix: the default service.
        let plain = CalculatorClient::new(builder().build());
        assert_eq!(plain.add(1, 2).await.unwrap(), 3);
        // A service that is not registered, and a method the routed service
        // lacks.
        let missing =
            CalculatorClient::new(ServiceNameLayer::new("Missing").layer(builder().build()));
        match missing.add(1, 2).await {
            Err(trift::Error::Application(err)) => {
                assert_eq!(err.kind, ApplicationExceptionKind::UnknownMethod);
            }
            other => panic!("expected UNKNOWN_METHOD, got {other:?}"),
        }
        let wrong = CalculatorClient::new(ServiceNameLayer::new("Other").layer(builder().build()));
        match wrong.add(1, 2).await {
            Err(trift::Error::Application(err)) => {
                assert_eq!(err.kind, ApplicationExceptionKind::UnknownMethod);
            }
            other => panic!("expected UNKNOWN_METHOD, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn tower_layers_compose_on_both_call_paths() {
    // Server side: a layer that counts calls around the dispatcher.
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&seen);
    let (handler, _events) = TestHandler::new();
    let service = ServiceBuilder::new()
        .map_request(move |request: ServerRequest| {
            counter.fetch_add(1, Ordering::Relaxed);
            request
        })
        .concurrency_limit(8)
        .service(CalculatorServer::new(handler));
    let bound = trift::Server::builder().bind("127.0.0.1:0").await.unwrap();
    let addr = bound.local_addr();
    tokio::spawn(bound.serve(service));

    // Client side: a concurrency limit around the channel.
    let stack = ServiceBuilder::new()
        .layer(ConcurrencyLimitLayer::new(4))
        .service(Channel::builder(addr).build());
    let client = CalculatorClient::new(stack);
    let calls: Vec<_> = (0..32).map(|i| client.delayed_echo(i, 5)).collect();
    for (i, answer) in futures_util::future::join_all(calls)
        .await
        .into_iter()
        .enumerate()
    {
        assert_eq!(answer.unwrap(), i as i32);
    }
    assert_eq!(seen.load(Ordering::Relaxed), 32);
}

#[tokio::test]
async fn a_connection_waiting_for_input_holds_no_capacity_of_a_shared_limit() {
    let (handler, _events) = TestHandler::new();
    let service = ServiceBuilder::new()
        .concurrency_limit(1)
        .service(CalculatorServer::new(handler));
    let bound = trift::Server::builder().bind("127.0.0.1:0").await.unwrap();
    let addr = bound.local_addr();
    tokio::spawn(bound.serve(service));
    // Half a frame, then nothing: this connection has bytes but no message.
    let mut stalled = tokio::net::TcpStream::connect(addr).await.unwrap();
    tokio::io::AsyncWriteExt::write_all(&mut stalled, &[0, 0, 0, 40, 0x80, 0x01, 0, 1])
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    for (protocol, framing) in COMBINATIONS {
        let client = harness::client(addr, protocol, framing);
        let answer = tokio::time::timeout(std::time::Duration::from_secs(3), client.add(1, 2));
        assert_eq!(answer.await.unwrap().unwrap(), 3, "{protocol} {framing}");
    }
}
