//! Loopback servers and clients for every protocol and framing.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tower::Layer;
use tower::util::Either;
use trift::client::WithServiceName;
use trift::server::{MultiplexedService, ServerBuilder, ShutdownHandle};
use trift::{Channel, Framing, Protocol, Server, ServiceNameLayer};

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

/// A server running in the background; dropping it shuts the server down.
#[derive(Debug)]
pub struct TestServer {
    /// Where it listens.
    pub addr: SocketAddr,
    /// What the handler's `notify` observed.
    pub events: mpsc::UnboundedReceiver<String>,
    shutdown: ShutdownHandle,
    task: JoinHandle<std::io::Result<()>>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.shutdown.shutdown();
        self.task.abort();
    }
}

/// Starts an rpc_test `Calculator` server configured by `builder` on a free
/// loopback port; with `multiplexed`, under the name `Calculator` of a
/// `MultiplexedService`.
pub async fn start(builder: ServerBuilder, multiplexed: bool) -> std::io::Result<TestServer> {
    let (handler, events) = TestHandler::new();
    let bound = builder.bind("127.0.0.1:0").await?;
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
    Ok(TestServer {
        addr,
        events,
        shutdown,
        task,
    })
}

/// A server pinned to one protocol and framing.
pub async fn start_pinned(protocol: Protocol, framing: Framing) -> std::io::Result<TestServer> {
    start(Server::builder().protocol(protocol).framing(framing), false).await
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
