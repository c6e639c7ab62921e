//! The breaker on a client call path: [`BreakerLayer`], the [`Breaker`]
//! service it makes, and the [`BreakerFuture`] that reports each call's
//! outcome back to the breaker.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use tower::{Layer, Service};

use super::{CircuitBreaker, Permit};
use crate::error::{Error, Refusal};
use crate::message::{ClientReply, ClientRequest};
use crate::resilience::Outcome;

/// Puts a [`CircuitBreaker`] on a client call path: an open breaker fails
/// calls at once with
/// [`Refusal::CircuitOpen`].
#[derive(Debug, Clone)]
pub struct BreakerLayer {
    breaker: CircuitBreaker,
}

impl BreakerLayer {
    /// A layer over `breaker` (keep a clone to read its state).
    pub fn new(breaker: CircuitBreaker) -> Self {
        BreakerLayer { breaker }
    }
}

impl<S> Layer<S> for BreakerLayer {
    type Service = Breaker<S>;

    fn layer(&self, inner: S) -> Breaker<S> {
        Breaker {
            inner,
            breaker: self.breaker.clone(),
        }
    }
}

/// The service [`BreakerLayer`] produces.
#[derive(Debug, Clone)]
pub struct Breaker<S> {
    inner: S,
    breaker: CircuitBreaker,
}

impl<S> Breaker<S> {
    /// The breaker.
    pub fn breaker(&self) -> &CircuitBreaker {
        &self.breaker
    }
}

impl<S> Service<ClientRequest> for Breaker<S>
where
    S: Service<ClientRequest, Response = ClientReply, Error = Error>,
{
    type Response = ClientReply;
    type Error = Error;
    type Future = BreakerFuture<S::Future>;

    #[inline]
    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    #[inline]
    fn call(&mut self, request: ClientRequest) -> Self::Future {
        match self.breaker.admit() {
            Ok(permit) => BreakerFuture::admitted(self.inner.call(request), permit, Outcome::of),
            Err(_) => BreakerFuture::refused(),
        }
    }
}

pin_project_lite::pin_project! {
    /// The future of a call through a breaker: records the outcome.
    pub struct BreakerFuture<F> {
        #[pin]
        inner: Option<F>,
        permit: Option<Permit>,
        classify: fn(&Result<ClientReply, Error>) -> Outcome,
    }
}

impl<F> BreakerFuture<F> {
    pub(crate) fn admitted(
        inner: F,
        permit: Permit,
        classify: fn(&Result<ClientReply, Error>) -> Outcome,
    ) -> Self {
        BreakerFuture {
            inner: Some(inner),
            permit: Some(permit),
            classify,
        }
    }

    pub(crate) fn refused() -> Self {
        BreakerFuture {
            inner: None,
            permit: None,
            classify: Outcome::of,
        }
    }
}

impl<F> fmt::Debug for BreakerFuture<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BreakerFuture")
            .field("admitted", &self.permit.is_some())
            .finish_non_exhaustive()
    }
}

impl<F> Future for BreakerFuture<F>
where
    F: Future<Output = Result<ClientReply, Error>>,
{
    type Output = Result<ClientReply, Error>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let Some(inner) = this.inner.as_pin_mut() else {
            return Poll::Ready(Err(Refusal::CircuitOpen.into()));
        };
        let result = std::task::ready!(inner.poll(cx));
        if let Some(permit) = this.permit.take() {
            permit.record((this.classify)(&result));
        }
        Poll::Ready(result)
    }
}
