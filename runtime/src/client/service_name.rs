//! TMultiplexedProtocol on the client side: the one layer that prefixes
//! method names with `Service:`, whatever the transport below it.

use std::borrow::Cow;
use std::sync::Arc;
use std::task::{Context, Poll};

use tower::{Layer, Service};

use crate::message::ClientRequest;

/// A tower layer that sends every call to one service of a multiplexing
/// server (TMultiplexedProtocol), by prefixing method names with `name:`.
/// It goes on any client stack: `ServiceNameLayer::new("Calc").layer(channel)`.
#[derive(Debug, Clone)]
pub struct ServiceNameLayer {
    prefix: Arc<str>,
}

impl ServiceNameLayer {
    /// A layer for the service registered as `name`.
    pub fn new(name: &str) -> Self {
        ServiceNameLayer {
            prefix: format!("{name}:").into(),
        }
    }
}

impl<S> Layer<S> for ServiceNameLayer {
    type Service = WithServiceName<S>;

    fn layer(&self, inner: S) -> WithServiceName<S> {
        WithServiceName {
            inner,
            prefix: Arc::clone(&self.prefix),
        }
    }
}

/// The service [`ServiceNameLayer`] produces.
#[derive(Debug, Clone)]
pub struct WithServiceName<S> {
    inner: S,
    prefix: Arc<str>,
}

impl<S: Service<ClientRequest>> Service<ClientRequest> for WithServiceName<S> {
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: ClientRequest) -> S::Future {
        request.method = Cow::Owned(format!("{}{}", self.prefix, request.method));
        self.inner.call(request)
    }
}
