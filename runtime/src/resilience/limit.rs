//! A bound on outstanding calls that never queues: when it is reached, a call
//! fails at once with
//! [`TransportError::Overloaded`].
//!
//! One [`MaxOutstandingLayer`] is one bound: every service it wraps, and
//! every clone of those, shares the count. For a per-endpoint bound, each
//! endpoint's [`Channel`](crate::Channel) already has one
//! ([`ChannelBuilder::max_in_flight`](crate::client::ChannelBuilder::max_in_flight)).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};

use tower::{Layer, Service};

use crate::error::{Error, Refusal};
use crate::message::{ClientReply, ClientRequest};

#[derive(Debug)]
struct LimitState {
    max: usize,
    outstanding: AtomicUsize,
    rejected: AtomicU64,
}

/// Bounds the calls outstanding through it (at least 1).
#[derive(Debug, Clone)]
pub struct MaxOutstandingLayer {
    state: Arc<LimitState>,
}

impl MaxOutstandingLayer {
    /// A bound of `max` outstanding calls (at least 1).
    pub fn new(max: usize) -> Self {
        MaxOutstandingLayer {
            state: Arc::new(LimitState {
                max: max.max(1),
                outstanding: AtomicUsize::new(0),
                rejected: AtomicU64::new(0),
            }),
        }
    }
}

impl MaxOutstandingLayer {
    /// Calls outstanding now.
    pub fn outstanding(&self) -> usize {
        self.state.outstanding.load(Ordering::Relaxed)
    }

    /// Calls refused so far because the bound was reached.
    pub fn rejected(&self) -> u64 {
        self.state.rejected.load(Ordering::Relaxed)
    }
}

impl<S> Layer<S> for MaxOutstandingLayer {
    type Service = MaxOutstanding<S>;

    fn layer(&self, inner: S) -> MaxOutstanding<S> {
        MaxOutstanding {
            inner,
            state: Arc::clone(&self.state),
        }
    }
}

/// The service [`MaxOutstandingLayer`] produces.
#[derive(Debug, Clone)]
pub struct MaxOutstanding<S> {
    inner: S,
    state: Arc<LimitState>,
}

impl<S> MaxOutstanding<S> {
    /// Calls outstanding now.
    pub fn outstanding(&self) -> usize {
        self.state.outstanding.load(Ordering::Relaxed)
    }

    /// Calls refused so far because the bound was reached.
    pub fn rejected(&self) -> u64 {
        self.state.rejected.load(Ordering::Relaxed)
    }

    /// The bound.
    pub fn max(&self) -> usize {
        self.state.max
    }
}

impl<S> Service<ClientRequest> for MaxOutstanding<S>
where
    S: Service<ClientRequest, Response = ClientReply, Error = Error>,
{
    type Response = ClientReply;
    type Error = Error;
    type Future = LimitFuture<S::Future>;

    #[inline]
    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    #[inline]
    fn call(&mut self, request: ClientRequest) -> Self::Future {
        let previous = self.state.outstanding.fetch_add(1, Ordering::AcqRel);
        let slot = Slot(Arc::clone(&self.state));
        if previous >= self.state.max {
            self.state.rejected.fetch_add(1, Ordering::Relaxed);
            drop(slot);
            return LimitFuture {
                inner: LimitInner::Refused,
            };
        }
        LimitFuture {
            inner: LimitInner::Running {
                future: self.inner.call(request),
                _slot: slot,
            },
        }
    }
}

/// Gives the slot back however the call ends (answered, failed, cancelled).
#[derive(Debug)]
struct Slot(Arc<LimitState>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.outstanding.fetch_sub(1, Ordering::AcqRel);
    }
}

pin_project_lite::pin_project! {
    /// The future of a call through [`MaxOutstanding`].
    #[derive(Debug)]
    pub struct LimitFuture<F> {
        #[pin]
        inner: LimitInner<F>,
    }
}

pin_project_lite::pin_project! {
    #[project = LimitInnerProj]
    #[derive(Debug)]
    enum LimitInner<F> {
        Refused,
        Running { #[pin] future: F, _slot: Slot },
    }
}

impl<F> Future for LimitFuture<F>
where
    F: Future<Output = Result<ClientReply, Error>>,
{
    type Output = Result<ClientReply, Error>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().inner.project() {
            LimitInnerProj::Refused => Poll::Ready(Err(Refusal::Overloaded.into())),
            LimitInnerProj::Running { future, .. } => future.poll(cx),
        }
    }
}
