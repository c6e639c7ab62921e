//! Deadlines: [`DeadlineLayer`] gives every client call a deadline (a
//! default, overridden per call with [`with_deadline`]); when it passes, the
//! call is cancelled, its in-flight slot is freed at once, and a reply that
//! arrives later is dropped by the connection. [`HandlerTimeoutLayer`] is
//! the server-side counterpart: a handler that runs too long is abandoned
//! and the client gets an `INTERNAL_ERROR` exception.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::time::Timeout;
use tower::{Layer, Service};

use crate::application_exception::{ApplicationException, ApplicationExceptionKind};
use crate::error::{Error, TransportError};
use crate::message::{ClientReply, ClientRequest, ReplyTo, ServerReply, ServerRequest};
use crate::protocol::MessageType;

tokio::task_local! {
    static CALL_DEADLINE: Duration;
}

/// Runs `call` with `deadline` as the deadline of every call it makes
/// through a [`DeadlineLayer`], instead of the layer's default.
///
/// ```no_run
/// # use std::time::Duration;
/// # use trift::resilience::with_deadline;
/// # async fn demo(call: impl std::future::Future<Output = i64>) {
/// // `call` is e.g. `client.add(1, 2)` of a generated client.
/// let sum = with_deadline(Duration::from_millis(50), call).await;
/// # }
/// ```
pub async fn with_deadline<F: Future>(deadline: Duration, call: F) -> F::Output {
    CALL_DEADLINE.scope(deadline, call).await
}

/// `call` with `deadline` visible to the deadline layers it calls through.
pub(crate) fn scoped<F: Future>(
    deadline: Duration,
    call: F,
) -> tokio::task::futures::TaskLocalFuture<Duration, F> {
    CALL_DEADLINE.scope(deadline, call)
}

/// The per-call deadline set by [`with_deadline`] around the current call.
pub(crate) fn call_deadline() -> Option<Duration> {
    CALL_DEADLINE.try_with(|deadline| *deadline).ok()
}

/// Fails a call with
/// [`TransportError::CallTimeout`] when
/// it has not finished within its deadline.
#[derive(Debug, Clone, Copy)]
pub struct DeadlineLayer {
    default: Duration,
}

impl DeadlineLayer {
    /// Calls get `default` unless run inside [`with_deadline`].
    pub fn new(default: Duration) -> Self {
        DeadlineLayer { default }
    }
}

impl<S> Layer<S> for DeadlineLayer {
    type Service = Deadline<S>;

    fn layer(&self, inner: S) -> Deadline<S> {
        Deadline {
            inner,
            default: self.default,
        }
    }
}

/// The service [`DeadlineLayer`] produces.
#[derive(Debug, Clone)]
pub struct Deadline<S> {
    inner: S,
    default: Duration,
}

impl<S> Service<ClientRequest> for Deadline<S>
where
    S: Service<ClientRequest, Response = ClientReply, Error = Error>,
{
    type Response = ClientReply;
    type Error = Error;
    type Future = DeadlineFuture<S::Future>;

    #[inline]
    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    #[inline]
    fn call(&mut self, request: ClientRequest) -> Self::Future {
        let deadline = call_deadline().unwrap_or(self.default);
        DeadlineFuture {
            inner: tokio::time::timeout(deadline, self.inner.call(request)),
            deadline,
        }
    }
}

pin_project_lite::pin_project! {
    /// The future of a call under a deadline.
    #[derive(Debug)]
    pub struct DeadlineFuture<F> {
        #[pin]
        inner: Timeout<F>,
        deadline: Duration,
    }
}

impl<F> Future for DeadlineFuture<F>
where
    F: Future<Output = Result<ClientReply, Error>>,
{
    type Output = Result<ClientReply, Error>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        match this.inner.poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(result)) => Poll::Ready(result),
            // Dropping the inner future here (when this future is dropped)
            // releases every slot the call held.
            Poll::Ready(Err(_elapsed)) => {
                Poll::Ready(Err(TransportError::CallTimeout(*this.deadline).into()))
            }
        }
    }
}

/// Server side: a handler that has not answered within the timeout is
/// dropped (cancelled at its next `.await`) and the call is answered with an
/// `INTERNAL_ERROR` `TApplicationException`.
#[derive(Debug, Clone, Copy)]
pub struct HandlerTimeoutLayer {
    timeout: Duration,
}

impl HandlerTimeoutLayer {
    /// Handlers get at most `timeout` per request.
    pub fn new(timeout: Duration) -> Self {
        HandlerTimeoutLayer { timeout }
    }
}

impl<S> Layer<S> for HandlerTimeoutLayer {
    type Service = HandlerTimeout<S>;

    fn layer(&self, inner: S) -> HandlerTimeout<S> {
        HandlerTimeout {
            inner,
            timeout: self.timeout,
        }
    }
}

/// The service [`HandlerTimeoutLayer`] produces.
#[derive(Debug, Clone)]
pub struct HandlerTimeout<S> {
    inner: S,
    timeout: Duration,
}

impl<S> Service<ServerRequest> for HandlerTimeout<S>
where
    S: Service<ServerRequest, Response = Option<ServerReply>>,
{
    type Response = Option<ServerReply>;
    type Error = S::Error;
    type Future = HandlerTimeoutFuture<S::Future>;

    #[inline]
    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: ServerRequest) -> Self::Future {
        let reply_to = (request.kind() != MessageType::Oneway).then(|| ReplyTo {
            name: request.method().to_owned(),
            seqid: request.seqid(),
        });
        HandlerTimeoutFuture {
            inner: tokio::time::timeout(self.timeout, self.inner.call(request)),
            reply_to,
            timeout: self.timeout,
        }
    }
}

pin_project_lite::pin_project! {
    /// The future of a server call under a handler timeout.
    #[derive(Debug)]
    pub struct HandlerTimeoutFuture<F> {
        #[pin]
        inner: Timeout<F>,
        reply_to: Option<ReplyTo>,
        timeout: Duration,
    }
}

impl<F, E> Future for HandlerTimeoutFuture<F>
where
    F: Future<Output = Result<Option<ServerReply>, E>>,
{
    type Output = Result<Option<ServerReply>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        match this.inner.poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(result)) => Poll::Ready(result),
            Poll::Ready(Err(_elapsed)) => {
                let Some(reply_to) = this.reply_to.take() else {
                    tracing::warn!(timeout = ?this.timeout, "oneway handler timed out");
                    return Poll::Ready(Ok(None));
                };
                tracing::warn!(method = %reply_to.name, timeout = ?this.timeout, "handler timed out");
                let message = format!(
                    "handler of {} timed out after {:?}",
                    reply_to.name, this.timeout
                );
                Poll::Ready(Ok(Some(reply_to.exception(ApplicationException::new(
                    ApplicationExceptionKind::InternalError,
                    message,
                )))))
            }
        }
    }
}
