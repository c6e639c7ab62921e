//! A controllable test server for the resilience tests: the calculator
//! service behind a fault-injection layer whose mode can be switched at any
//! time (healthy, slow, failing, hanging, flapping), with a counter of the
//! requests that reached the server. "Dead" is a server that was shut down.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::task::JoinHandle;
use tower::{Layer, Service};
use trift::server::{BoxReplyFuture, ServerBuilder, ShutdownHandle};
use trift::{ApplicationException, ApplicationExceptionKind, Server, ServerReply, ServerRequest};

use crate::generated::rpc_test::CalculatorServer;
use crate::handlers::TestHandler;

/// What the server does with the next request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Serves normally.
    Healthy,
    /// Waits this long, then serves.
    Slow(Duration),
    /// Answers every call with an `INTERNAL_ERROR` exception.
    Failing,
    /// Never answers (holds the call for a minute).
    Hanging,
    /// Hangs the next `n` calls, then serves normally.
    HangFirst(u64),
    /// Alternates: `n` failing calls, then `n` healthy ones, and so on.
    Flapping(u64),
}

/// The shared control of one fault server.
#[derive(Debug, Clone)]
pub struct Control {
    fault: Arc<Mutex<Fault>>,
    requests: Arc<AtomicU64>,
}

impl Control {
    fn new(fault: Fault) -> Self {
        Control {
            fault: Arc::new(Mutex::new(fault)),
            requests: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Switches the fault mode.
    pub fn set(&self, fault: Fault) {
        *self.fault.lock().unwrap_or_else(PoisonError::into_inner) = fault;
    }

    /// Requests that reached the server so far.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::SeqCst)
    }
}

/// The fault-injection layer.
#[derive(Debug, Clone)]
pub struct FaultLayer(
    /// The control the layer's services obey.
    pub Control,
);

impl<S> Layer<S> for FaultLayer {
    type Service = FaultService<S>;

    fn layer(&self, inner: S) -> FaultService<S> {
        FaultService {
            inner,
            control: self.0.clone(),
        }
    }
}

/// The fault-injection service.
#[derive(Debug, Clone)]
pub struct FaultService<S> {
    inner: S,
    control: Control,
}

impl<S> Service<ServerRequest> for FaultService<S>
where
    S: Service<ServerRequest, Response = Option<ServerReply>, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
{
    type Response = Option<ServerReply>;
    type Error = Infallible;
    type Future = BoxReplyFuture;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: ServerRequest) -> BoxReplyFuture {
        let n = self.control.requests.fetch_add(1, Ordering::SeqCst);
        let fault = *self
            .control
            .fault
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let fail = |request: ServerRequest| -> BoxReplyFuture {
            let reply = request.into_reply_to().exception(ApplicationException::new(
                ApplicationExceptionKind::InternalError,
                "injected failure",
            ));
            Box::pin(std::future::ready(Ok(Some(reply))))
        };
        let delay = match fault {
            Fault::Healthy => None,
            Fault::Slow(delay) => Some(delay),
            Fault::Failing => return fail(request),
            Fault::Hanging => Some(Duration::from_secs(60)),
            Fault::HangFirst(count) => (n < count).then_some(Duration::from_secs(60)),
            Fault::Flapping(period) => {
                if (n / period.max(1)).is_multiple_of(2) {
                    return fail(request);
                }
                None
            }
        };
        let call = self.inner.call(request);
        Box::pin(async move {
            if let Some(delay) = delay {
                tokio::time::sleep(delay).await;
            }
            call.await
        })
    }
}

/// A fault server running in the background.
#[derive(Debug)]
pub struct FaultServer {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its fault mode and request counter.
    pub control: Control,
    shutdown: ShutdownHandle,
    task: JoinHandle<std::io::Result<()>>,
}

impl FaultServer {
    /// Starts one on a free port.
    pub async fn start(fault: Fault) -> FaultServer {
        let loopback = SocketAddr::from(([127, 0, 0, 1], 0));
        Self::start_on(loopback, Control::new(fault), Server::builder()).await
    }

    /// Starts one on `addr` with `control` (to bring a dead server back on
    /// its old address, keeping its counter).
    pub async fn start_on(
        addr: SocketAddr,
        control: Control,
        builder: ServerBuilder,
    ) -> FaultServer {
        let bound = builder.bind(addr).await.expect("bind the fault server");
        let addr = bound.local_addr();
        let shutdown = bound.shutdown_handle();
        let (handler, _events) = TestHandler::new();
        let service = FaultLayer(control.clone()).layer(CalculatorServer::new(handler));
        let task = tokio::spawn(bound.serve(service));
        FaultServer {
            addr,
            control,
            shutdown,
            task,
        }
    }

    /// Kills it: stops accepting and closes every connection once the
    /// calls in flight are done (switch it to `Healthy` first so none hang).
    pub async fn kill(self) -> Control {
        self.shutdown.shutdown();
        tokio::time::timeout(Duration::from_secs(10), self.task)
            .await
            .expect("server drains")
            .expect("the serve task")
            .expect("serve");
        self.control
    }
}

/// The address of a port nothing listens on.
pub async fn dead_addr() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free loopback port");
    listener.local_addr().expect("the listener's address")
}
