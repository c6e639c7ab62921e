//! Server-side load shedding: a cap on requests in flight across every
//! connection of a server. A request over the cap is answered at once with
//! an `INTERNAL_ERROR` `TApplicationException` saying it was shed (a oneway
//! one is dropped and logged) instead of waiting in a queue.
//!
//! The server's per-connection cap
//! ([`ServerBuilder::max_concurrent_requests_per_connection`](crate::server::ServerBuilder::max_concurrent_requests_per_connection))
//! applies backpressure to one connection; this layer protects the whole
//! process from many connections at once.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};

use tower::{Layer, Service};

use crate::application_exception::{ApplicationException, ApplicationExceptionKind};
use crate::message::{ServerReply, ServerRequest};
use crate::protocol::MessageType;

/// The message prefix of a shed request's exception.
pub const SHED_MESSAGE: &str = "server overloaded: request shed";

#[derive(Debug)]
struct ShedState {
    max: usize,
    in_flight: AtomicUsize,
    shed: AtomicU64,
}

/// Caps the requests in flight through it (at least 1); one layer is one
/// cap, shared by every connection's clone of the service.
#[derive(Debug, Clone)]
pub struct LoadShedLayer {
    state: Arc<ShedState>,
}

impl LoadShedLayer {
    /// A cap of `max` requests in flight.
    pub fn new(max: usize) -> Self {
        LoadShedLayer {
            state: Arc::new(ShedState {
                max: max.max(1),
                in_flight: AtomicUsize::new(0),
                shed: AtomicU64::new(0),
            }),
        }
    }

    /// Requests in flight now.
    pub fn in_flight(&self) -> usize {
        self.state.in_flight.load(Ordering::Relaxed)
    }

    /// Requests shed so far.
    pub fn shed_count(&self) -> u64 {
        self.state.shed.load(Ordering::Relaxed)
    }
}

impl<S> Layer<S> for LoadShedLayer {
    type Service = LoadShed<S>;

    fn layer(&self, inner: S) -> LoadShed<S> {
        LoadShed {
            inner,
            state: Arc::clone(&self.state),
        }
    }
}

/// The service [`LoadShedLayer`] produces.
#[derive(Debug, Clone)]
pub struct LoadShed<S> {
    inner: S,
    state: Arc<ShedState>,
}

impl<S> Service<ServerRequest> for LoadShed<S>
where
    S: Service<ServerRequest, Response = Option<ServerReply>>,
{
    type Response = Option<ServerReply>;
    type Error = S::Error;
    type Future = ShedFuture<S::Future>;

    #[inline]
    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: ServerRequest) -> Self::Future {
        let previous = self.state.in_flight.fetch_add(1, Ordering::AcqRel);
        let slot = ShedSlot(Arc::clone(&self.state));
        if previous < self.state.max {
            return ShedFuture {
                inner: ShedInner::Running {
                    future: self.inner.call(request),
                    _slot: slot,
                },
            };
        }
        drop(slot);
        self.state.shed.fetch_add(1, Ordering::Relaxed);
        tracing::debug!(
            method = request.method(),
            in_flight = previous,
            "request shed"
        );
        let reply = (request.kind() != MessageType::Oneway).then(|| {
            let message = format!("{SHED_MESSAGE} ({} in flight)", self.state.max);
            request.into_reply_to().exception(ApplicationException::new(
                ApplicationExceptionKind::InternalError,
                message,
            ))
        });
        ShedFuture {
            inner: ShedInner::Shed { reply },
        }
    }
}

#[derive(Debug)]
struct ShedSlot(Arc<ShedState>);

impl Drop for ShedSlot {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

pin_project_lite::pin_project! {
    /// The future of a request through [`LoadShed`].
    #[derive(Debug)]
    pub struct ShedFuture<F> {
        #[pin]
        inner: ShedInner<F>,
    }
}

pin_project_lite::pin_project! {
    #[project = ShedInnerProj]
    #[derive(Debug)]
    enum ShedInner<F> {
        Shed { reply: Option<ServerReply> },
        Running { #[pin] future: F, _slot: ShedSlot },
    }
}

impl<F, E> Future for ShedFuture<F>
where
    F: Future<Output = Result<Option<ServerReply>, E>>,
{
    type Output = Result<Option<ServerReply>, E>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().inner.project() {
            ShedInnerProj::Shed { reply } => Poll::Ready(Ok(reply.take())),
            ShedInnerProj::Running { future, .. } => future.poll(cx),
        }
    }
}
