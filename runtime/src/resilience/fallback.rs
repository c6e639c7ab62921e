//! Fallbacks: give a call a value to answer with when the dependency cannot,
//! instead of failing or hanging.
//!
//! ```no_run
//! use std::time::Duration;
//! use trift::resilience::FallbackExt;
//! # async fn demo(
//! #     get_recommendations: impl std::future::Future<Output = Result<Vec<i64>, trift::Error>>,
//! # ) -> Result<(), trift::Error> {
//! // `get_recommendations` is e.g. `client.get_recommendations(product_id)`.
//! let recommendations = get_recommendations
//!     .deadline(Duration::from_millis(100))
//!     .or_fallback(Vec::new)
//!     .await?;
//! # Ok(())
//! # }
//! ```
//!
//! The fallback runs on a deadline, overload, open circuit, any transport
//! failure, or a `TApplicationException` from the server (a shed request
//! among them). It does not run on a declared exception (the server's real
//! answer) unless asked with [`Fallback::fallback_on_declared`], nor on a
//! protocol error (a bug worth seeing).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::task::futures::TaskLocalFuture;
use tokio::time::Timeout;

use crate::error::{Error, TransportError};

/// What kind of failure an RPC error is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FailureKind {
    /// One of the method's declared exceptions: the server's answer.
    Declared,
    /// A `TApplicationException` from the server.
    Application,
    /// The transport failed: deadline, broken connection, ...
    Transport,
    /// The call was refused locally and not sent: overload, open circuit,
    /// no endpoint.
    Refused,
    /// A message could not be encoded or decoded.
    Protocol,
}

/// An RPC error that can say what kind of failure it is. Implemented by
/// [`trift::Error`](crate::Error) and by every generated per-method error.
pub trait CallError {
    /// The kind of failure.
    fn failure_kind(&self) -> FailureKind;

    /// Whether a fallback should stand in for the result (see the module
    /// docs). Declared exceptions are not eligible.
    fn is_fallback_eligible(&self) -> bool {
        matches!(
            self.failure_kind(),
            FailureKind::Transport | FailureKind::Refused | FailureKind::Application
        )
    }
}

impl CallError for Error {
    fn failure_kind(&self) -> FailureKind {
        match self {
            Error::Transport(_) => FailureKind::Transport,
            Error::Refused(_) => FailureKind::Refused,
            Error::Protocol(_) => FailureKind::Protocol,
            Error::Application(_) => FailureKind::Application,
        }
    }
}

/// Fallback and deadline combinators for RPC calls: any future whose output
/// is `Result<T, E>` with `E:` [`CallError`].
pub trait FallbackExt<T, E>: Future<Output = Result<T, E>> + Sized {
    /// Answers `fallback()` when the call fails with an eligible error.
    fn or_fallback<F: FnOnce() -> T>(self, fallback: F) -> Fallback<Self, FromValue<F>> {
        Fallback {
            call: self,
            fallback: Some(FromValue(fallback)),
            on_declared: false,
        }
    }

    /// Answers `fallback(&error)` when the call fails with an eligible
    /// error (the error is there to log or to choose the value).
    fn with_fallback<F: FnOnce(&E) -> T>(self, fallback: F) -> Fallback<Self, FromError<F>> {
        Fallback {
            call: self,
            fallback: Some(FromError(fallback)),
            on_declared: false,
        }
    }

    /// Gives the call `deadline`: it fails with
    /// [`TransportError::CallTimeout`]
    /// when it has not finished by then (and is cancelled, freeing its
    /// slots), and a [`DeadlineLayer`](super::DeadlineLayer) under it uses
    /// this deadline instead of its default.
    fn deadline(self, deadline: Duration) -> WithDeadline<Self>
    where
        E: From<Error>,
    {
        WithDeadline {
            inner: tokio::time::timeout(deadline, super::deadline::scoped(deadline, self)),
            deadline,
        }
    }
}

impl<T, E, F: Future<Output = Result<T, E>>> FallbackExt<T, E> for F {}

/// Makes a fallback value from nothing.
#[derive(Debug, Clone, Copy)]
pub struct FromValue<F>(F);

/// Makes a fallback value from the error.
#[derive(Debug, Clone, Copy)]
pub struct FromError<F>(F);

/// How [`Fallback`] makes its value.
pub trait MakeFallback<T, E> {
    /// The fallback value for `error`.
    fn make(self, error: &E) -> T;
}

impl<T, E, F: FnOnce() -> T> MakeFallback<T, E> for FromValue<F> {
    fn make(self, _error: &E) -> T {
        (self.0)()
    }
}

impl<T, E, F: FnOnce(&E) -> T> MakeFallback<T, E> for FromError<F> {
    fn make(self, error: &E) -> T {
        (self.0)(error)
    }
}

pin_project_lite::pin_project! {
    /// A call with a fallback ([`FallbackExt::or_fallback`],
    /// [`FallbackExt::with_fallback`]).
    #[must_use = "futures do nothing unless awaited"]
    pub struct Fallback<C, M> {
        #[pin]
        call: C,
        fallback: Option<M>,
        on_declared: bool,
    }
}

impl<C, M> Fallback<C, M> {
    /// Also falls back on the method's declared exceptions.
    pub fn fallback_on_declared(mut self) -> Self {
        self.on_declared = true;
        self
    }
}

impl<C, M> fmt::Debug for Fallback<C, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fallback")
            .field("on_declared", &self.on_declared)
            .finish_non_exhaustive()
    }
}

impl<T, E, C, M> Future for Fallback<C, M>
where
    C: Future<Output = Result<T, E>>,
    E: CallError,
    M: MakeFallback<T, E>,
{
    type Output = Result<T, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let result = std::task::ready!(this.call.poll(cx));
        let Err(error) = result else {
            return Poll::Ready(result);
        };
        let eligible = error.is_fallback_eligible()
            || (*this.on_declared && error.failure_kind() == FailureKind::Declared);
        match this.fallback.take() {
            Some(fallback) if eligible => Poll::Ready(Ok(fallback.make(&error))),
            _ => Poll::Ready(Err(error)),
        }
    }
}

pin_project_lite::pin_project! {
    /// A call with a deadline ([`FallbackExt::deadline`]).
    #[must_use = "futures do nothing unless awaited"]
    pub struct WithDeadline<C> {
        #[pin]
        inner: Timeout<TaskLocalFuture<Duration, C>>,
        deadline: Duration,
    }
}

impl<C> fmt::Debug for WithDeadline<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WithDeadline")
            .field("deadline", &self.deadline)
            .finish_non_exhaustive()
    }
}

impl<T, E, C> Future for WithDeadline<C>
where
    C: Future<Output = Result<T, E>>,
    E: From<Error>,
{
    type Output = Result<T, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        match std::task::ready!(this.inner.poll(cx)) {
            Ok(result) => Poll::Ready(result),
            Err(_elapsed) => Poll::Ready(Err(E::from(Error::Transport(
                TransportError::CallTimeout(*this.deadline),
            )))),
        }
    }
}
