//! The byte-stream server driver: one connection, driven by one task with
//! no locks and no task per call, over any `AsyncRead + AsyncWrite` stream.
//!
//! The task owns the stream, the read buffer, the write buffer and the
//! in-flight handler futures (a `FuturesUnordered`). Each round it
//! dispatches the complete buffered messages (up to the per-connection cap,
//! and small calls 16 at a time), polls the handlers, encodes every finished
//! reply into the one write buffer (the call policy of [`super::call`]) and
//! writes it with as few `write` calls as the stream allows: replies go out
//! in completion order, coalesced, length prefix and body together. Only
//! then does it read again, with the adaptive read size of
//! [`crate::transport::stream_io`]. A client that leaves 256 KiB of replies
//! unread gets no new call taken until it reads, and is closed once a write
//! has waited the read timeout.
//!
//! # States
//!
//! What the connection does next follows from [`Intake`] and two flags:
//!
//! | `intake`     | `awaiting_input` | takes calls from the buffer | reads the stream   | ends when                                |
//! |--------------|------------------|-----------------------------|--------------------|------------------------------------------|
//! | `Open`       | false            | yes, while under the caps   | once the buffer is empty | —                                  |
//! | `Open`       | true             | no: the buffer holds part of a message | yes         | —                                        |
//! | `PeerClosed` | false            | yes, what is buffered       | no                 | buffer empty, calls answered, all written |
//! | `PeerClosed` | true             | no (the rest never comes)   | no                 | calls answered, all written              |
//! | `Stopped`    | any              | no                          | no                 | calls answered, all written              |
//!
//! `Stopped` follows unusable input (a frame above the limit, a malformed
//! message, answered with `PROTOCOL_ERROR` when its header was readable),
//! a failed service, the start of a graceful shutdown, and a reclaim at the
//! connection cap (see [`super::capacity`]: a connection with nothing in
//! flight or unwritten reports since when it is quiet in its slot). Two more
//! conditions pause intake without changing state: a call waiting in
//! `ready_message` for the service to be ready, and a backlog of unwritten
//! replies. `socket_drained` only tells the unframed decoder whether the
//! last read emptied the socket (so a partial message is worth a rescan).
//! One timer serves the three timeouts: idle (nothing in flight, nothing
//! buffered), read (part of a message buffered) and write (replies not
//! taken by the client).

use std::fmt;
use std::future::{Future, poll_fn};
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::BytesMut;
use futures_util::stream::{FuturesUnordered, StreamExt};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::futures::OwnedNotified;
use tokio::time::{Instant, Sleep};
use tower::Service;

mod messages;

use super::call::{self, InFlight};
use super::capacity::Slot;
use super::config::ServerConfig;
use super::shutdown::ShutdownHandle;
use super::{BoxError, ServerService};
use crate::context::{CallContext, PeerIdentity, wire};
use crate::message::Framing;
use crate::message::{IncomingMessage, ServerRequest};
use crate::transport::framing::MessageDecoder;
use crate::transport::stream_io::{MAX_READ_CHUNK, ReadBuffer, WriteBuffer};

/// A client with many small calls in flight gets an answer every
/// `ROUND_CALLS` calls: the connection dispatches that many, writes their
/// replies, then takes the next ones, so the client reads replies and sends
/// new calls while the server works on the rest, instead of both sides taking
/// turns. Calls whose requests reach `ROUND_BYTES` in a round already fill a
/// large write and are taken in one round.
const ROUND_CALLS: usize = 16;
/// See [`ROUND_CALLS`].
const ROUND_BYTES: usize = 16 * 1024;
/// Unwritten replies of at least this size stop the connection from taking
/// new calls until the client reads: a client that sends calls but does not
/// read the replies cannot make the server buffer them without bound (the
/// write timeout closes it). A pipelining client's replies (at most one
/// [`MAX_READ_CHUNK`] of requests at a time) stay below it.
const MAX_UNWRITTEN: usize = 4 * MAX_READ_CHUNK;

/// How a connection's driver ended.
pub(crate) enum Ended<IO, S> {
    /// The connection is done; the stream is handed back to be shut down.
    Closed(IO),
    /// The first bytes are an HTTP request: the stream, the bytes read so
    /// far and the service move to the HTTP driver.
    Http {
        /// The stream.
        stream: IO,
        /// What was read from it.
        read: BytesMut,
        /// The connection's service.
        service: S,
    },
}

/// Serves one connection until the peer leaves, a timeout or error closes
/// it, or shutdown drains it; or until its first bytes show HTTP (only in
/// [`Accept::Auto`]).
pub(crate) async fn serve_connection<IO, S>(
    stream: IO,
    peer: SocketAddr,
    identity: Option<Arc<PeerIdentity>>,
    service: S,
    config: &Arc<ServerConfig>,
    shutdown: &ShutdownHandle,
    slot: &Arc<Slot>,
) -> Ended<IO, S>
where
    IO: AsyncRead + AsyncWrite + Unpin,
    S: ServerService,
{
    let now = Instant::now();
    let mut connection = Connection {
        stream,
        peer,
        identity,
        service,
        decoder: None,
        input: ReadBuffer::default(),
        output: WriteBuffer::default(),
        first: Box::pin(None),
        in_flight: FuturesUnordered::new(),
        intake: Intake::Open,
        awaiting_input: false,
        ready_message: None,
        socket_drained: false,
        shutdown_notified: Box::pin(shutdown.notified()),
        shutdown_registered: false,
        shutdown: shutdown.clone(),
        slot: Arc::clone(slot),
        timer: Box::pin(tokio::time::sleep_until(
            now.checked_add(config.idle_timeout).unwrap_or(now),
        )),
        idle_since: Some(now),
        partial_since: None,
        stalled_since: None,
        config: Arc::clone(config),
    };
    let outcome = poll_fn(|cx| connection.poll_drive(cx)).await;
    match outcome {
        Ok(()) => tracing::trace!(%peer, "connection closed"),
        Err(CloseReason::Http) => {
            let Connection {
                stream,
                service,
                input,
                ..
            } = connection;
            return Ended::Http {
                stream,
                read: input.into_bytes(),
                service,
            };
        }
        Err(reason) => tracing::debug!(%peer, %reason, "connection closed"),
    }
    Ended::Closed(connection.stream)
}

/// Why a connection was closed early.
#[derive(Debug)]
enum CloseReason {
    Io(io::Error),
    IdleTimeout,
    ReadTimeout,
    WriteTimeout,
    NotThrift,
    /// Not closed: the connection speaks HTTP and moves to the HTTP server.
    Http,
}

impl fmt::Display for CloseReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CloseReason::Io(err) => write!(f, "I/O error: {err}"),
            CloseReason::IdleTimeout => f.write_str("idle timeout"),
            CloseReason::ReadTimeout => f.write_str("read timeout: message incomplete"),
            CloseReason::WriteTimeout => f.write_str("write timeout: peer not reading"),
            CloseReason::NotThrift => f.write_str("not a Thrift stream"),
            CloseReason::Http => f.write_str("handed to the HTTP server"),
        }
    }
}

/// Whether the connection takes new calls (see the module's state table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Intake {
    /// Reading and taking calls.
    Open,
    /// The peer closed its side: calls already buffered are still taken.
    PeerClosed,
    /// No more calls are taken (unusable input, a failed service, or
    /// shutdown); calls in flight still finish and their replies go out.
    Stopped,
}

/// One connection's state, owned by its task.
struct Connection<IO, S: Service<ServerRequest>> {
    stream: IO,
    peer: SocketAddr,
    /// The verified client certificate, on a mutual-TLS connection.
    identity: Option<Arc<PeerIdentity>>,
    service: S,
    config: Arc<ServerConfig>,
    /// Set once the protocol and framing are known.
    decoder: Option<MessageDecoder>,
    input: ReadBuffer,
    output: WriteBuffer,
    /// The first in-flight call, polled in place: a handler that finishes
    /// at once (most do) costs no `FuturesUnordered` task.
    first: Pin<Box<Option<InFlight<S::Future>>>>,
    /// Every other in-flight call.
    in_flight: FuturesUnordered<InFlight<S::Future>>,
    intake: Intake,
    /// The buffered input is an incomplete message.
    awaiting_input: bool,
    /// A decoded call waiting for the service to be ready.
    ready_message: Option<IncomingMessage>,
    /// The last read found the socket empty.
    socket_drained: bool,
    shutdown: ShutdownHandle,
    /// Wakes the task when shutdown starts; polled once to register.
    shutdown_notified: Pin<Box<OwnedNotified>>,
    shutdown_registered: bool,
    /// Its place under the connection cap: whether it is quiet, and whether
    /// the accept loop wants it closed to make room.
    slot: Arc<Slot>,
    /// One timer for the idle, read and write timeouts, re-armed lazily.
    timer: Pin<Box<Sleep>>,
    idle_since: Option<Instant>,
    partial_since: Option<Instant>,
    stalled_since: Option<Instant>,
}

impl<IO, S> Connection<IO, S>
where
    IO: AsyncRead + AsyncWrite + Unpin,
    S: Service<ServerRequest, Response = Option<crate::message::ServerReply>>,
    S::Error: Into<BoxError>,
{
    fn poll_drive(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), CloseReason>> {
        loop {
            let mut progress = false;
            if self.intake != Intake::Stopped {
                if !self.shutdown_registered {
                    // The task's waker stays the same, so one registration
                    // is enough; afterwards only the flag is read.
                    self.shutdown_registered = true;
                    let _ = self.shutdown_notified.as_mut().poll(cx);
                }
                if self.shutdown.is_shutting_down() {
                    self.intake = Intake::Stopped;
                    progress = true;
                } else if self.slot.reclaim_requested(cx.waker()) {
                    // At the cap: it makes room for a new connection, closing
                    // as a graceful shutdown does.
                    tracing::debug!(peer = %self.peer, "connection reclaimed at the connection cap");
                    self.intake = Intake::Stopped;
                    progress = true;
                }
            }
            if self.taking_calls() {
                progress |= self.dispatch_buffered(cx)?;
            }
            progress |= self.poll_first(cx);
            while let Poll::Ready(Some((meta, outcome))) = self.in_flight.poll_next_unpin(cx) {
                self.finish_call(meta, outcome);
                progress = true;
            }
            progress |= self.poll_write(cx)?;
            // Read only after the finished calls are answered: their replies
            // leave first, and their requests (slices of the read buffer)
            // are dropped, so the buffer is reused instead of reallocated.
            if self.wants_input() {
                progress |= self.poll_read(cx)?;
            }
            if self.input_done() && self.in_flight_len() == 0 && self.output.is_empty() {
                return Poll::Ready(Ok(()));
            }
            if !progress {
                break;
            }
        }
        self.poll_timeouts(cx)
    }

    #[inline]
    fn taking_calls(&self) -> bool {
        self.intake != Intake::Stopped
    }

    /// No call will be taken any more.
    #[inline]
    fn input_done(&self) -> bool {
        match self.intake {
            Intake::Open => false,
            Intake::Stopped => true,
            Intake::PeerClosed => {
                self.ready_message.is_none() && (self.input.is_empty() || self.awaiting_input)
            }
        }
    }

    /// The client has not taken [`MAX_UNWRITTEN`] bytes of replies: no new
    /// call is taken until it does.
    #[inline]
    fn backlogged(&self) -> bool {
        self.output.unwritten() >= MAX_UNWRITTEN
    }

    #[inline]
    fn wants_input(&self) -> bool {
        self.intake == Intake::Open
            && !self.backlogged()
            && self.in_flight_len() < self.config.max_concurrent_requests
            && self.ready_message.is_none()
            && (self.input.is_empty() || self.awaiting_input)
    }

    /// Reads once. Returns whether anything happened.
    fn poll_read(&mut self, cx: &mut Context<'_>) -> Result<bool, CloseReason> {
        match self.input.poll_read_from(&mut self.stream, cx) {
            Poll::Ready(Ok(0)) => {
                self.intake = Intake::PeerClosed;
                // One last look at what is buffered, deferred rescans included.
                self.socket_drained = true;
                self.awaiting_input = false;
                Ok(true)
            }
            Poll::Ready(Ok(_)) => {
                self.socket_drained = false;
                self.awaiting_input = false;
                Ok(true)
            }
            Poll::Ready(Err(err)) => Err(CloseReason::Io(err)),
            Poll::Pending => {
                self.socket_drained = true;
                // A deferred rescan of a large unframed message may now run.
                let deferred = self
                    .decoder
                    .as_ref()
                    .is_some_and(|decoder| decoder.rescan_deferred(self.input.bytes()));
                if deferred && self.awaiting_input {
                    self.awaiting_input = false;
                    return self.dispatch_buffered(cx);
                }
                Ok(false)
            }
        }
    }

    /// Starts a call for every complete buffered message, up to the cap and
    /// while the service is ready. Returns whether any started.
    fn dispatch_buffered(&mut self, cx: &mut Context<'_>) -> Result<bool, CloseReason> {
        let mut started = false;
        let buffered = self.input.bytes().len();
        let mut round = 0;
        while self.taking_calls()
            && self.in_flight_len() < self.config.max_concurrent_requests
            && !self.backlogged()
        {
            if round >= ROUND_CALLS
                && buffered.saturating_sub(self.input.bytes().len()) < ROUND_BYTES
            {
                // Answer these before taking more (see `ROUND_CALLS`).
                return Ok(true);
            }
            round += 1;
            let message = match self.ready_message.take() {
                Some(message) => message,
                None => match self.decode_next()? {
                    Some(message) => message,
                    None => break,
                },
            };
            if let Err(exception) = call::check_kind(&message.header) {
                self.encode_refusal(&message.header, &exception);
                continue;
            }
            // Readiness is asked for only with a message in hand, so an idle
            // connection never holds capacity (e.g. a concurrency-limit
            // permit shared by all connections).
            match self.service.poll_ready(cx) {
                Poll::Ready(Ok(())) => {
                    self.start_call(message, cx);
                    started = true;
                }
                Poll::Ready(Err(err)) => {
                    let exception = call::service_unavailable(err, self.peer);
                    self.encode_refusal(&message.header, &exception);
                    self.intake = Intake::Stopped;
                }
                Poll::Pending => {
                    self.ready_message = Some(message);
                    break;
                }
            }
        }
        Ok(started)
    }

    fn start_call(&mut self, mut message: IncomingMessage, cx: &mut Context<'_>) {
        // THeader carries a context; plain framed and unframed calls have
        // one only on a mutual-TLS connection, for the client's identity.
        let carries = self
            .decoder
            .as_ref()
            .is_some_and(|decoder| decoder.framing() == Framing::Header);
        let context = (carries || self.identity.is_some()).then(|| {
            CallContext::from_wire(
                std::mem::take(&mut message.headers),
                wire::THEADER,
                self.peer,
                self.identity.clone(),
                Instant::now(),
            )
        });
        let call = call::start(&mut self.service, message, self.peer, "tcp", context);
        if self.first.is_some() {
            self.in_flight.push(call);
        } else {
            self.first.set(Some(call));
            self.poll_first(cx);
        }
    }

    /// Polls the call in [`Connection::first`]; answers it and frees the
    /// slot when it is done. Returns whether it finished.
    fn poll_first(&mut self, cx: &mut Context<'_>) -> bool {
        let Some(call) = self.first.as_mut().as_pin_mut() else {
            return false;
        };
        let Poll::Ready((meta, outcome)) = call.poll(cx) else {
            return false;
        };
        self.first.set(None);
        self.finish_call(meta, outcome);
        true
    }

    /// Calls in flight.
    #[inline]
    fn in_flight_len(&self) -> usize {
        self.in_flight.len() + usize::from(self.first.is_some())
    }

    /// Writes buffered replies. Returns whether anything was written.
    fn poll_write(&mut self, cx: &mut Context<'_>) -> Result<bool, CloseReason> {
        let written = self
            .output
            .poll_write_to(&mut self.stream, cx)
            .map_err(CloseReason::Io)?;
        if written.progress {
            self.stalled_since = None;
        }
        Ok(written.progress)
    }

    /// Closes the connection once a timeout has passed; otherwise arms the
    /// timer for the nearest one.
    fn poll_timeouts(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), CloseReason>> {
        let now = Instant::now();
        let idle = self.in_flight_len() == 0
            && self.ready_message.is_none()
            && self.input.is_empty()
            && self.output.is_empty();
        self.idle_since = if idle {
            Some(*self.idle_since.get_or_insert(now))
        } else {
            None
        };
        let partial = self.wants_input() && self.awaiting_input && !self.input.is_empty();
        self.partial_since = if partial {
            Some(*self.partial_since.get_or_insert(now))
        } else {
            None
        };
        self.stalled_since = if self.output.unwritten() > 0 {
            Some(*self.stalled_since.get_or_insert(now))
        } else {
            None
        };
        // Quiet: nothing in flight or unwritten, whether idle or waiting for
        // the rest of a message. Such a connection may be reclaimed at the cap.
        let quiet = self.intake != Intake::Stopped
            && self.in_flight_len() == 0
            && self.ready_message.is_none()
            && self.output.is_empty();
        self.slot.set_quiet_since(if quiet {
            self.idle_since.or(self.partial_since)
        } else {
            None
        });
        if quiet && self.slot.reclaim_requested(cx.waker()) {
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        // A timeout too large to add (e.g. `Duration::MAX`) never fires.
        let after = |since: Option<Instant>, timeout: Duration, reason: CloseReason| {
            since
                .and_then(|t| t.checked_add(timeout))
                .map(|at| (at, reason))
        };
        let deadlines = [
            after(
                self.idle_since,
                self.config.idle_timeout,
                CloseReason::IdleTimeout,
            ),
            after(
                self.partial_since,
                self.config.read_timeout,
                CloseReason::ReadTimeout,
            ),
            after(
                self.stalled_since,
                self.config.read_timeout,
                CloseReason::WriteTimeout,
            ),
        ];
        let Some((deadline, reason)) = deadlines.into_iter().flatten().min_by_key(|(at, _)| *at)
        else {
            return Poll::Pending;
        };
        if deadline <= now {
            return Poll::Ready(Err(reason));
        }
        // The timer may fire early (it is only moved earlier, never later,
        // between firings); it then just re-arms here.
        if self.timer.is_elapsed() || self.timer.deadline() > deadline {
            self.timer.as_mut().reset(deadline);
        }
        if self.timer.as_mut().poll(cx).is_ready() {
            cx.waker().wake_by_ref();
        }
        Poll::Pending
    }
}
