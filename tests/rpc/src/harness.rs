//! Loopback servers of the rpc_test `Calculator` and the clients that call
//! them: raw TCP in every protocol and framing, and HTTP in every protocol.
//! A [`TestServer`] shuts its server down when dropped; tests that check
//! shutdown itself use its `shutdown` handle and `task`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tower::Layer;
use tower::util::Either;
use trift::client::WithServiceName;
use trift::server::{MultiplexedService, ServerBuilder, ShutdownHandle};
use trift::{Channel, Framing, HttpChannel, Protocol, Server, ServiceNameLayer};

use crate::generated::rpc_test::{CalculatorClient, CalculatorServer};
use crate::handlers::TestHandler;

/// Every protocol and framing combination.
pub const COMBINATIONS: [(Protocol, Framing); 6] = [
    (Protocol::Binary, Framing::Framed),
    (Protocol::Binary, Framing::Unframed),
    (Protocol::Compact, Framing::Framed),
    (Protocol::Compact, Framing::Unframed),
    (Protocol::Json, Framing::Framed),
    (Protocol::Json, Framing::Unframed),
];

/// The three protocols (HTTP has no framing to vary).
pub const PROTOCOLS: [Protocol; 3] = [Protocol::Binary, Protocol::Compact, Protocol::Json];

/// A server running in the background; dropping it shuts the server down.
#[derive(Debug)]
pub struct TestServer {
    /// Where it listens.
    pub addr: SocketAddr,
    /// What the handler's `notify` observed.
    pub events: mpsc::UnboundedReceiver<String>,
    /// How many `last_entry` calls the handler has answered.
    pub entries_read: Arc<AtomicUsize>,
    /// Starts a graceful shutdown.
    pub shutdown: ShutdownHandle,
    /// The task running `serve`; it ends once the shutdown has finished.
    pub task: JoinHandle<std::io::Result<()>>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.shutdown.shutdown();
        self.task.abort();
    }
}

/// Starts an rpc_test `Calculator` server configured by `builder` on a free
/// loopback port. Panics (failing the test) when it cannot bind.
pub async fn start(builder: ServerBuilder) -> TestServer {
    start_serving(builder, false).await
}

/// Like [`start`], with the server registered under the name `Calculator`
/// of a `MultiplexedService` (no default service).
pub async fn start_multiplexed(builder: ServerBuilder) -> TestServer {
    start_serving(builder, true).await
}

async fn start_serving(builder: ServerBuilder, multiplexed: bool) -> TestServer {
    let (handler, events) = TestHandler::new();
    let entries_read = handler.entries_read();
    let bound = builder
        .bind("127.0.0.1:0")
        .await
        .expect("bind a free loopback port");
    let addr = bound.local_addr();
    let shutdown = bound.shutdown_handle();
    let server = CalculatorServer::new(handler);
    let task = if multiplexed {
        let service = MultiplexedService::builder()
            .service("Calculator", server)
            .build();
        tokio::spawn(bound.serve(service))
    } else {
        tokio::spawn(bound.serve(server))
    };
    TestServer {
        addr,
        events,
        entries_read,
        shutdown,
        task,
    }
}

/// A server pinned to one protocol and framing.
pub async fn start_pinned(protocol: Protocol, framing: Framing) -> TestServer {
    start(Server::builder().protocol(protocol).framing(framing)).await
}

/// Starts 20 slow calls (300 ms) per protocol and framing, shuts `server`
/// down while they run, and checks that every call completes, that `serve`
/// returns, and that the port no longer accepts.
pub async fn shut_down_with_calls_in_flight(server: &mut TestServer) {
    let mut calls = Vec::new();
    for (protocol, framing) in COMBINATIONS {
        let client = client(server.addr, protocol, framing);
        for i in 0..20 {
            calls.push(tokio::spawn(client.delayed_echo(i, 300)));
        }
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    server.shutdown.shutdown();
    for (i, call) in (0..).zip(calls) {
        let echoed = call.await.expect("the call's task").expect("the call");
        assert_eq!(echoed, i % 20);
    }
    tokio::time::timeout(Duration::from_secs(5), &mut server.task)
        .await
        .expect("serve did not finish after shutdown")
        .expect("the serve task")
        .expect("serve");
    // No longer accepting.
    assert!(tokio::net::TcpStream::connect(server.addr).await.is_err());
}

/// A channel to `addr` in `protocol` and `framing` with a 10 s deadline per
/// call, for the service `service_name` of a multiplexed server if given.
pub fn channel(
    addr: SocketAddr,
    protocol: Protocol,
    framing: Framing,
    service_name: Option<&str>,
) -> Either<WithServiceName<Channel>, Channel> {
    let channel = plain_channel(addr, protocol, framing);
    match service_name {
        Some(name) => Either::Left(ServiceNameLayer::new(name).layer(channel)),
        None => Either::Right(channel),
    }
}

/// A channel to `addr` in `protocol` and `framing` with a 10 s deadline per
/// call.
pub fn plain_channel(addr: SocketAddr, protocol: Protocol, framing: Framing) -> Channel {
    Channel::builder(addr)
        .protocol(protocol)
        .framing(framing)
        .connect_timeout(Duration::from_secs(5))
        .call_timeout(Duration::from_secs(10))
        .build()
}

/// A typed rpc_test client to `addr`.
pub fn client(addr: SocketAddr, protocol: Protocol, framing: Framing) -> CalculatorClient {
    CalculatorClient::new(plain_channel(addr, protocol, framing))
}

/// An HTTP channel posting to `url` in `protocol`, with a 10 s deadline per
/// call. Panics on a URL `HttpChannel` refuses.
pub fn http_channel(url: &str, protocol: Protocol) -> HttpChannel {
    HttpChannel::builder(url)
        .protocol(protocol)
        .call_timeout(Duration::from_secs(10))
        .build()
        .expect("a valid HTTP channel configuration")
}

/// A typed rpc_test client over HTTP.
pub fn http_client(url: &str, protocol: Protocol) -> CalculatorClient<HttpChannel> {
    CalculatorClient::new(http_channel(url, protocol))
}
