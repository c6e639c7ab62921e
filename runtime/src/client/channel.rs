//! [`Channel`]: the cheap-to-clone client handle, a tower `Service` over
//! [`ClientRequest`].
//!
//! A call takes a slot in the in-flight budget (or fails at once with
//! `Overloaded`), hands the request to the connection task over an unbounded
//! queue (bounded in effect by that budget) and waits on a oneshot for the
//! reply, under the call deadline. No lock is held while waiting; the only
//! lock is the brief one that finds the live connection.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::Timeout;
use tower::Service;

use super::builder::ChannelBuilder;
use super::config::{ChannelConfig, Endpoint};
use super::connection::{ConnectionHandle, Outgoing, spawn_connection};
use crate::context;
use crate::error::{Error, Refusal, TransportError};
use crate::message::{ClientReply, ClientRequest, Framing};

/// A client channel: one TCP connection shared by every clone, connected
/// lazily and reconnected after it breaks, with many calls in flight matched
/// to replies by sequence id.
#[derive(Debug, Clone)]
pub struct Channel {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    config: Arc<ChannelConfig>,
    connection: Mutex<Option<ConnectionHandle>>,
    in_flight: AtomicUsize,
}

impl Channel {
    /// A builder for a channel to `endpoint` (a `SocketAddr` or
    /// `"host:port"`).
    pub fn builder(endpoint: impl Into<Endpoint>) -> ChannelBuilder {
        ChannelBuilder::new(endpoint.into())
    }

    pub(crate) fn from_config(config: Arc<ChannelConfig>) -> Self {
        Channel {
            shared: Arc::new(Shared {
                config,
                connection: Mutex::new(None),
                in_flight: AtomicUsize::new(0),
            }),
        }
    }

    /// Calls in flight right now (sent or queued, not answered yet).
    pub fn in_flight(&self) -> usize {
        self.shared.in_flight.load(Ordering::Relaxed)
    }

    /// Hands `outgoing` to the live connection task, starting one when there
    /// is none or the last one has ended.
    fn send(&self, mut outgoing: Outgoing) -> Result<(), Error> {
        let mut slot = match self.shared.connection.lock() {
            Ok(slot) => slot,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(connection) = slot.as_ref() {
            match connection.send(outgoing) {
                Ok(()) => return Ok(()),
                Err(returned) => outgoing = returned,
            }
        }
        let connection = spawn_connection(Arc::clone(&self.shared.config))?;
        let sent = connection.send(outgoing);
        *slot = Some(connection);
        sent.map_err(|_| Error::Transport(TransportError::ConnectionClosed))
    }
}

impl Service<ClientRequest> for Channel {
    type Response = ClientReply;
    type Error = Error;
    type Future = ResponseFuture;

    #[inline]
    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        // Overload is reported by the call itself, never by waiting here.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: ClientRequest) -> ResponseFuture {
        let config = &self.shared.config;
        let previous = self.shared.in_flight.fetch_add(1, Ordering::Relaxed);
        let guard = InFlightGuard(Arc::clone(&self.shared));
        if previous >= config.max_in_flight {
            return ResponseFuture::failed(Refusal::Overloaded.into());
        }
        if tokio::runtime::Handle::try_current().is_err() {
            // The deadline timer needs a runtime; fail instead of panicking.
            let err = std::io::Error::other("trift::Channel called outside a tokio runtime");
            return ResponseFuture::failed(err.into());
        }
        let (reply, receiver) = oneshot::channel();
        // Read here, in the caller's task, where its context is in scope:
        // a served call's deadline shortens this call's timeout, and THeader
        // sends the context along.
        let call_timeout = context::effective_timeout(config.call_timeout);
        let context = (config.framing == Framing::Header)
            .then(|| Box::new(context::request_context(call_timeout)));
        if let Err(err) = self.send(Outgoing {
            request,
            reply,
            context,
        }) {
            return ResponseFuture::failed(err);
        }
        ResponseFuture {
            inner: Inner::Waiting {
                reply: tokio::time::timeout(call_timeout, receiver),
                call_timeout,
                _guard: guard,
            },
        }
    }
}

/// Gives back an in-flight slot when the call ends, however it ends.
#[derive(Debug)]
struct InFlightGuard(Arc<Shared>);

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

pin_project_lite::pin_project! {
    /// The future of one [`Channel`] call.
    #[derive(Debug)]
    pub struct ResponseFuture {
        #[pin]
        inner: Inner,
    }
}

pin_project_lite::pin_project! {
    #[project = InnerProj]
    #[derive(Debug)]
    enum Inner {
        Failed { error: Option<Error> },
        Waiting {
            #[pin]
            reply: Timeout<oneshot::Receiver<Result<ClientReply, Error>>>,
            call_timeout: Duration,
            _guard: InFlightGuard,
        },
    }
}

impl ResponseFuture {
    fn failed(error: Error) -> Self {
        ResponseFuture {
            inner: Inner::Failed { error: Some(error) },
        }
    }
}

impl Future for ResponseFuture {
    type Output = Result<ClientReply, Error>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().inner.project() {
            InnerProj::Failed { error } => Poll::Ready(Err(error
                .take()
                .unwrap_or(Error::Transport(TransportError::ConnectionClosed)))),
            InnerProj::Waiting {
                reply,
                call_timeout,
                ..
            } => match reply.poll(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(Ok(Ok(result))) => Poll::Ready(result),
                // The connection task ended without answering.
                Poll::Ready(Ok(Err(_))) => {
                    Poll::Ready(Err(TransportError::ConnectionClosed.into()))
                }
                Poll::Ready(Err(_elapsed)) => {
                    Poll::Ready(Err(TransportError::CallTimeout(*call_timeout).into()))
                }
            },
        }
    }
}
