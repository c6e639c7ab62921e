//! The RPC client: a [`Channel`] multiplexes many concurrent calls over one
//! lazily (re)connected TCP connection, matching replies to calls by sequence
//! id; an [`HttpChannel`] posts each call to an HTTP server over kept-alive
//! connections. Their call path is a tower [`tower::Service`], so layers compose
//! on it (the [`ServiceNameLayer`] for a multiplexing server, the layers of
//! `trift::resilience`), and generated typed clients
//! wrap any such service.

mod builder;
mod channel;
mod config;
mod connection;
#[cfg(feature = "http")]
mod http;
#[cfg(feature = "http")]
mod https;
mod service_name;

use std::future::Future;

use tower::{Service, ServiceExt};

pub use builder::ChannelBuilder;
pub use channel::{Channel, ResponseFuture};
pub use config::Endpoint;
#[cfg(feature = "http")]
pub use http::{HttpChannel, HttpChannelBuilder, HttpConfigError, HttpResponseFuture};
pub use service_name::{ServiceNameLayer, WithServiceName};

use crate::error::Error;
use crate::message::{ClientReply, ClientRequest};

/// A client call path: what generated typed clients wrap. Implemented by
/// [`Channel`] and by any tower stack around it.
pub trait ClientService:
    Service<ClientRequest, Response = ClientReply, Error = Error, Future: Send> + Clone + Send + 'static
{
}

impl<T> ClientService for T where
    T: Service<ClientRequest, Response = ClientReply, Error = Error, Future: Send>
        + Clone
        + Send
        + 'static
{
}

/// Sends one request through `service` (a clone of it, as tower requires
/// `&mut` to call): waits until it is ready, then calls it.
#[inline]
pub fn call<S: ClientService>(
    service: &S,
    request: ClientRequest,
) -> impl Future<Output = Result<ClientReply, Error>> + Send + 'static {
    service.clone().oneshot(request)
}
