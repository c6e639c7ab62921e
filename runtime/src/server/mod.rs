//! The RPC server: accepts TCP connections, decodes calls in the configured
//! (or detected) transport (raw Thrift or HTTP), protocol and framing, hands
//! them to a tower
//! [`Service`](tower::Service) and writes the replies back.
//!
//! The service is anything implementing
//! `Service<ServerRequest, Response = Option<ServerReply>>`: a generated
//! dispatcher, a [`MultiplexedService`], or either wrapped in tower layers.
//! `None` means "send nothing" (oneway calls).

mod accepted;
mod builder;
mod call;
mod capacity;
mod config;
mod connection;
#[cfg(feature = "http")]
mod http;
mod listener;
mod multiplex;
mod shutdown;
mod whole;
mod workers;

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;

pub use builder::{BoundServer, ServerBuilder};
pub use capacity::ConnectionCounters;
pub use config::Accept;
pub use listener::BoundAddress;
pub use multiplex::{MultiplexFuture, MultiplexedService, MultiplexedServiceBuilder};
pub use shutdown::ShutdownHandle;
pub use whole::{CallFailure, MessageServed, NO_PEER, serve_message};

use tower::Service;

use crate::message::{ServerReply, ServerRequest};

/// What a server serves: a cloneable tower service from calls to optional
/// replies (`None` for a oneway call), whose errors are answered with
/// `INTERNAL_ERROR`. Implemented for every such service; generated
/// dispatchers, [`MultiplexedService`] and layered stacks of them all are.
pub trait ServerService:
    Service<
        ServerRequest,
        Response = Option<ServerReply>,
        Error: Into<BoxError>,
        Future: Send + 'static,
    > + Clone
    + Send
    + 'static
{
}

impl<S> ServerService for S
where
    S: Service<ServerRequest, Response = Option<ServerReply>> + Clone + Send + 'static,
    S::Error: Into<BoxError>,
    S::Future: Send + 'static,
{
}

/// The future a generated dispatcher returns for one call.
pub type BoxReplyFuture =
    Pin<Box<dyn Future<Output = Result<Option<ServerReply>, Infallible>> + Send + 'static>>;

/// The error type a server accepts from its service: anything that can be
/// reported to the client as an `INTERNAL_ERROR`.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A dispatcher future that is already done (unknown method, undecodable
/// arguments).
pub fn ready_reply(reply: Option<ServerReply>) -> BoxReplyFuture {
    Box::pin(std::future::ready(Ok(reply)))
}

/// Logs a oneway handler's failure: a oneway call has no reply to carry it.
pub fn log_oneway_error(method: &str, error: &dyn std::fmt::Display) {
    tracing::warn!(method, %error, "oneway handler failed");
}

/// Entry point: `Server::builder()`.
#[derive(Debug, Clone, Copy)]
pub struct Server;

impl Server {
    /// A builder with the defaults: protocol and framing detected per
    /// connection, 10,000 connections, 256 concurrent requests per
    /// connection, 30 s read timeout, 5 min idle timeout, Apache's limits.
    pub fn builder() -> ServerBuilder {
        ServerBuilder::default()
    }
}
