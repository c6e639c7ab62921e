//! One server connection, driven by one task with no locks and no task per
//! call.
//!
//! The task owns the socket, the read buffer, the write buffer and the
//! in-flight handler futures (a `FuturesUnordered`). Each round it
//! dispatches the complete buffered messages (up to the per-connection cap,
//! and small calls 16 at a time), polls the handlers, encodes every finished
//! reply into the one write buffer and writes it with as few `write` calls as
//! the socket allows: replies go out in completion order, coalesced, length
//! prefix and body together. Only then does it read again, into a buffer
//! whose read size adapts to the traffic (4 KiB for single calls, up to
//! 64 KiB for a client with many calls in flight). A client that leaves
//! 256 KiB of replies unread gets no new call taken until it reads, and is
//! closed once a write has waited the read timeout.

use std::any::Any;
use std::fmt;
use std::future::{Future, poll_fn};
use std::io;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::BytesMut;
use futures_util::stream::{FuturesUnordered, StreamExt};
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::OwnedSemaphorePermit;
use tokio::sync::futures::OwnedNotified;
use tokio::time::{Instant, Sleep};
use tower::Service;
use tracing::Instrument;
use tracing::instrument::Instrumented;

use super::BoxError;
use super::builder::{ServerConfig, Transport};
use super::http::serve_http_connection;
use super::shutdown::ShutdownHandle;
use crate::application_exception::{ApplicationException, ApplicationExceptionKind};
use crate::protocol::MessageType;
use crate::rpc::{EncodeBody, IncomingMessage, ServerReply, ServerRequest, encode_framed_message};
use crate::transport::detect::{Detection, detect, detect_http};
use crate::transport::framing::{DecodeError, MessageDecoder};
use crate::transport::rewind::Rewind;

/// Initial read buffer: enough for typical calls, small per idle connection.
const INITIAL_READ_CAPACITY: usize = 4 * 1024;
/// Read into at least this much spare capacity.
const MIN_READ_SPACE: usize = 2 * 1024;
/// The largest read size the adaptive read strategy grows to: a client with
/// many calls in flight gets them read, dispatched and answered in batches
/// this large (one `recv` and one `send` per batch).
const MAX_READ_CHUNK: usize = 64 * 1024;
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
const MAX_UNWRITTEN: usize = 256 * 1024;
/// A write buffer above this size is released once empty, so one large
/// reply does not pin its memory to an idle connection (the read buffer
/// follows the adaptive read size instead).
const RETAINED_BUFFER: usize = 256 * 1024;

/// Serves one accepted connection until the peer leaves, a timeout or error
/// closes it, or shutdown drains it. A connection that turns out to carry
/// HTTP is handed, with the bytes read so far, to the HTTP server.
pub(crate) async fn serve_connection<S>(
    stream: TcpStream,
    peer: SocketAddr,
    service: S,
    config: Arc<ServerConfig>,
    shutdown: ShutdownHandle,
    permit: Arc<OwnedSemaphorePermit>,
) where
    S: Service<ServerRequest, Response = Option<ServerReply>> + Clone + Send + 'static,
    S::Error: Into<BoxError>,
    S::Future: Send + 'static,
{
    let now = Instant::now();
    let mut connection = Connection {
        stream,
        peer,
        service,
        decoder: None,
        input: BytesMut::with_capacity(INITIAL_READ_CAPACITY),
        read_chunk: INITIAL_READ_CAPACITY,
        output: Vec::new(),
        written: 0,
        first: Box::pin(None),
        in_flight: FuturesUnordered::new(),
        input_closed: false,
        peer_closed: false,
        awaiting_input: false,
        ready_message: None,
        socket_drained: false,
        shutdown_notified: Box::pin(shutdown.notified()),
        shutdown_registered: false,
        shutdown,
        shutting_down: false,
        timer: Box::pin(tokio::time::sleep_until(
            now.checked_add(config.idle_timeout).unwrap_or(now),
        )),
        idle_since: Some(now),
        partial_since: None,
        stalled_since: None,
        config,
    };
    let outcome = poll_fn(|cx| connection.poll_drive(cx)).await;
    match outcome {
        Ok(()) => tracing::trace!(%peer, "connection closed"),
        Err(CloseReason::Http) => {
            tracing::trace!(%peer, "detected HTTP");
            let Connection {
                stream,
                service,
                input,
                config,
                shutdown,
                ..
            } = connection;
            let io = Rewind::new(input.freeze(), stream);
            serve_http_connection(io, peer, service, config, shutdown, permit).await;
            return;
        }
        Err(reason) => tracing::debug!(%peer, %reason, "connection closed"),
    }
    // Best effort: the peer may already be gone.
    let _ = connection.stream.shutdown().await;
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

/// What the connection remembers about a call while its handler runs.
#[derive(Debug, Default)]
struct CallMeta {
    name: MethodName,
    seqid: i32,
    oneway: bool,
}

/// Method names up to this many bytes are remembered without allocating.
const INLINE_NAME: usize = 40;

/// A call's method name, kept for an error reply: inline when short (the
/// reply itself carries the request's `String`, so the common path
/// allocates nothing for it), on the heap otherwise.
#[derive(Debug)]
enum MethodName {
    Inline {
        len: usize,
        bytes: [u8; INLINE_NAME],
    },
    Heap(String),
}

impl MethodName {
    fn new(name: &str) -> Self {
        let mut bytes = [0; INLINE_NAME];
        match bytes.get_mut(..name.len()) {
            Some(prefix) => {
                prefix.copy_from_slice(name.as_bytes());
                MethodName::Inline {
                    len: name.len(),
                    bytes,
                }
            }
            None => MethodName::Heap(name.to_owned()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            // A whole `&str` was copied, so the bytes are UTF-8.
            MethodName::Inline { len, bytes } => bytes
                .get(..*len)
                .and_then(|name| std::str::from_utf8(name).ok())
                .unwrap_or_default(),
            MethodName::Heap(name) => name,
        }
    }
}

impl Default for MethodName {
    fn default() -> Self {
        MethodName::new("")
    }
}

impl fmt::Display for MethodName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a handler future ended.
enum Outcome<E> {
    Done(Result<Option<ServerReply>, E>),
    Panicked(Box<dyn Any + Send>),
}

pin_project_lite::pin_project! {
    /// A handler future with its call's metadata, catching panics.
    struct InFlight<F> {
        #[pin]
        future: Instrumented<F>,
        meta: CallMeta,
    }
}

impl<F, E> Future for InFlight<F>
where
    F: Future<Output = Result<Option<ServerReply>, E>>,
{
    type Output = (CallMeta, Outcome<E>);

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let polled = std::panic::catch_unwind(AssertUnwindSafe(|| this.future.poll(cx)));
        match polled {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(result)) => {
                Poll::Ready((std::mem::take(this.meta), Outcome::Done(result)))
            }
            Err(panic) => Poll::Ready((std::mem::take(this.meta), Outcome::Panicked(panic))),
        }
    }
}

struct Connection<S: Service<ServerRequest>> {
    stream: TcpStream,
    peer: SocketAddr,
    service: S,
    config: Arc<ServerConfig>,
    /// Set once the protocol and framing are known.
    decoder: Option<MessageDecoder>,
    input: BytesMut,
    /// How much spare capacity to read into: doubled (up to
    /// [`MAX_READ_CHUNK`]) when a read fills it, halved after reads that
    /// use less than a quarter of it.
    read_chunk: usize,
    output: Vec<u8>,
    /// Bytes of `output` already written.
    written: usize,
    /// The first in-flight call, polled in place: a handler that finishes
    /// at once (most do) costs no `FuturesUnordered` task.
    first: Pin<Box<Option<InFlight<S::Future>>>>,
    /// Every other in-flight call.
    in_flight: FuturesUnordered<InFlight<S::Future>>,
    /// No more calls will be taken: the input was malformed or unusable
    /// (in-flight calls still finish).
    input_closed: bool,
    /// The peer closed its side: calls already buffered are still taken.
    peer_closed: bool,
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
    shutting_down: bool,
    /// One timer for the idle, read and write timeouts, re-armed lazily.
    timer: Pin<Box<Sleep>>,
    idle_since: Option<Instant>,
    partial_since: Option<Instant>,
    stalled_since: Option<Instant>,
}

impl<S> Connection<S>
where
    S: Service<ServerRequest, Response = Option<ServerReply>>,
    S::Error: Into<BoxError>,
{
    fn poll_drive(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), CloseReason>> {
        loop {
            let mut progress = false;
            if !self.shutting_down {
                if !self.shutdown_registered {
                    // The task's waker stays the same, so one registration
                    // is enough; afterwards only the flag is read.
                    self.shutdown_registered = true;
                    let _ = self.shutdown_notified.as_mut().poll(cx);
                }
                if self.shutdown.is_shutting_down() {
                    self.shutting_down = true;
                    progress = true;
                }
            }
            if self.reading() {
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
            if self.input_done() && self.in_flight_len() == 0 && self.written == self.output.len() {
                return Poll::Ready(Ok(()));
            }
            if !progress {
                break;
            }
        }
        self.poll_timeouts(cx)
    }

    #[inline]
    fn reading(&self) -> bool {
        !self.input_closed && !self.shutting_down
    }

    /// No call will be taken any more.
    #[inline]
    fn input_done(&self) -> bool {
        !self.reading()
            || (self.peer_closed
                && self.ready_message.is_none()
                && (self.input.is_empty() || self.awaiting_input))
    }

    /// The client has not taken [`MAX_UNWRITTEN`] bytes of replies: no new
    /// call is taken until it does.
    #[inline]
    fn backlogged(&self) -> bool {
        self.output.len() - self.written >= MAX_UNWRITTEN
    }

    #[inline]
    fn wants_input(&self) -> bool {
        self.reading()
            && !self.backlogged()
            && !self.peer_closed
            && self.in_flight_len() < self.config.max_concurrent_requests
            && self.ready_message.is_none()
            && (self.input.is_empty() || self.awaiting_input)
    }

    /// Reads once. Returns whether anything happened.
    fn poll_read(&mut self, cx: &mut Context<'_>) -> Result<bool, CloseReason> {
        // Give back what a burst or one large message needed.
        if self.input.is_empty() && self.input.capacity() > 2 * self.read_chunk {
            self.input = BytesMut::with_capacity(self.read_chunk);
        }
        if self.input.capacity() - self.input.len() < MIN_READ_SPACE.max(self.read_chunk / 2) {
            let grow = self.input.len().max(self.read_chunk);
            self.input.reserve(grow);
        }
        let space = self.input.capacity() - self.input.len();
        match tokio_util::io::poll_read_buf(Pin::new(&mut self.stream), cx, &mut self.input) {
            Poll::Ready(Ok(0)) => {
                self.peer_closed = true;
                // One last look at what is buffered, deferred rescans included.
                self.socket_drained = true;
                self.awaiting_input = false;
                Ok(true)
            }
            Poll::Ready(Ok(n)) => {
                self.read_chunk = next_read_chunk(self.read_chunk, n, space);
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
                    .is_some_and(|decoder| decoder.rescan_deferred(&self.input));
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
        let buffered = self.input.len();
        let mut round = 0;
        while self.reading()
            && self.in_flight_len() < self.config.max_concurrent_requests
            && !self.backlogged()
        {
            if round >= ROUND_CALLS && buffered.saturating_sub(self.input.len()) < ROUND_BYTES {
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
            // Readiness is asked for only with a message in hand, so an idle
            // connection never holds capacity (e.g. a concurrency-limit
            // permit shared by all connections).
            match self.service.poll_ready(cx) {
                Poll::Ready(Ok(())) => {
                    self.start_call(message, cx);
                    started = true;
                }
                Poll::Ready(Err(err)) => {
                    let err: BoxError = err.into();
                    tracing::warn!(peer = %self.peer, error = %err, "service failed");
                    self.input_closed = true;
                }
                Poll::Pending => {
                    self.ready_message = Some(message);
                    break;
                }
            }
        }
        Ok(started)
    }

    /// Takes the next complete message out of the read buffer, detecting the
    /// protocol and framing first if needed. `None` when more input is
    /// needed or the input is unusable (then reading stops).
    fn decode_next(&mut self) -> Result<Option<IncomingMessage>, CloseReason> {
        if self.awaiting_input || self.input.is_empty() {
            return Ok(None);
        }
        if self.decoder.is_none() && self.config.transport == Transport::Auto {
            match detect_http(&self.input) {
                Detection::Http => return Err(CloseReason::Http),
                Detection::NeedMore => {
                    self.awaiting_input = true;
                    return Ok(None);
                }
                Detection::Thrift(..) | Detection::Unknown => {}
            }
        }
        let decoder = match &mut self.decoder {
            Some(decoder) => decoder,
            None => match detect(&self.input, self.config.protocol, self.config.framing) {
                Detection::NeedMore => {
                    self.awaiting_input = true;
                    return Ok(None);
                }
                Detection::Unknown | Detection::Http => return Err(CloseReason::NotThrift),
                Detection::Thrift(protocol, framing) => {
                    tracing::trace!(peer = %self.peer, %protocol, %framing, "detected");
                    self.decoder
                        .insert(MessageDecoder::new(protocol, framing, self.config.limits))
                }
            },
        };
        match decoder.next(&mut self.input, self.socket_drained) {
            Ok(Some(message)) => return Ok(Some(message)),
            Ok(None) => self.awaiting_input = true,
            Err(DecodeError::FrameTooLarge { size, max }) => {
                tracing::debug!(peer = %self.peer, size, max, "frame too large");
                self.input_closed = true;
            }
            Err(DecodeError::Malformed { header, error }) => {
                tracing::debug!(peer = %self.peer, %error, "malformed message");
                if let Some(header) = header
                    && header.kind != MessageType::Oneway
                {
                    let exception = ApplicationException::new(
                        ApplicationExceptionKind::ProtocolError,
                        error.to_string(),
                    );
                    self.encode(
                        &header.name,
                        MessageType::Exception,
                        header.seqid,
                        &exception,
                    );
                }
                self.input_closed = true;
            }
        }
        Ok(None)
    }

    fn start_call(&mut self, message: IncomingMessage, cx: &mut Context<'_>) {
        let header = &message.header;
        let oneway = match header.kind {
            MessageType::Call => false,
            MessageType::Oneway => true,
            other => {
                let exception = ApplicationException::new(
                    ApplicationExceptionKind::InvalidMessageType,
                    format!("expected a call or oneway message, got {other:?}"),
                );
                let (name, seqid) = (header.name.clone(), header.seqid);
                self.encode(&name, MessageType::Exception, seqid, &exception);
                return;
            }
        };
        let meta = CallMeta {
            name: MethodName::new(&header.name),
            seqid: header.seqid,
            oneway,
        };
        let span = tracing::debug_span!(
            "rpc",
            method = %meta.name,
            seqid = meta.seqid,
            peer = %self.peer,
        );
        let request = ServerRequest {
            message,
            peer: self.peer,
        };
        let service = &mut self.service;
        let called =
            span.in_scope(|| std::panic::catch_unwind(AssertUnwindSafe(|| service.call(request))));
        match called {
            Ok(future) => {
                let call = InFlight {
                    future: future.instrument(span),
                    meta,
                };
                if self.first.is_some() {
                    self.in_flight.push(call);
                } else {
                    self.first.set(Some(call));
                    self.poll_first(cx);
                }
            }
            Err(panic) => self.finish_call(meta, Outcome::Panicked(panic)),
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

    fn finish_call(&mut self, meta: CallMeta, outcome: Outcome<S::Error>) {
        let exception = match outcome {
            Outcome::Done(Ok(Some(reply))) => {
                if !meta.oneway {
                    self.encode(&reply.name, reply.kind, reply.seqid, &*reply.body);
                }
                return;
            }
            Outcome::Done(Ok(None)) => return,
            Outcome::Done(Err(err)) => {
                let err: BoxError = err.into();
                tracing::warn!(method = %meta.name, seqid = meta.seqid, error = %err, "service error");
                ApplicationException::new(ApplicationExceptionKind::InternalError, err.to_string())
            }
            Outcome::Panicked(panic) => {
                let text = panic_text(panic.as_ref());
                tracing::error!(method = %meta.name, seqid = meta.seqid, panic = %text, "handler panicked");
                ApplicationException::new(
                    ApplicationExceptionKind::InternalError,
                    format!("handler of {} panicked", meta.name),
                )
            }
        };
        if !meta.oneway {
            self.encode(
                meta.name.as_str(),
                MessageType::Exception,
                meta.seqid,
                &exception,
            );
        }
    }

    /// Appends one reply to the write buffer. A reply that cannot be encoded
    /// is replaced by an `INTERNAL_ERROR` exception.
    fn encode(&mut self, name: &str, kind: MessageType, seqid: i32, body: &dyn EncodeBody) {
        let Some(decoder) = &self.decoder else {
            return;
        };
        let (protocol, framing) = (decoder.protocol(), decoder.framing());
        if let Err(err) =
            encode_framed_message(protocol, framing, &mut self.output, name, kind, seqid, body)
        {
            tracing::error!(method = name, seqid, error = %err, "reply could not be encoded");
            let exception = ApplicationException::new(
                ApplicationExceptionKind::InternalError,
                format!("reply could not be encoded: {err}"),
            );
            let fallback = encode_framed_message(
                protocol,
                framing,
                &mut self.output,
                name,
                MessageType::Exception,
                seqid,
                &exception,
            );
            if let Err(err) = fallback {
                tracing::error!(method = name, seqid, error = %err, "exception could not be encoded");
            }
        }
    }

    /// Writes buffered replies. Returns whether anything was written.
    fn poll_write(&mut self, cx: &mut Context<'_>) -> Result<bool, CloseReason> {
        let mut progress = false;
        while let Some(pending) = self
            .output
            .get(self.written..)
            .filter(|rest| !rest.is_empty())
        {
            match Pin::new(&mut self.stream).poll_write(cx, pending) {
                Poll::Ready(Ok(0)) => {
                    return Err(CloseReason::Io(io::ErrorKind::WriteZero.into()));
                }
                Poll::Ready(Ok(n)) => {
                    self.written += n;
                    self.stalled_since = None;
                    progress = true;
                }
                Poll::Ready(Err(err)) => return Err(CloseReason::Io(err)),
                Poll::Pending => break,
            }
        }
        if self.written == self.output.len() && self.written > 0 {
            self.output.clear();
            self.written = 0;
            // Give back what one large message needed; keep the usual size.
            if self.output.capacity() > RETAINED_BUFFER {
                self.output = Vec::new();
            }
        }
        Ok(progress)
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
        self.stalled_since = if self.written < self.output.len() {
            Some(*self.stalled_since.get_or_insert(now))
        } else {
            None
        };
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

/// Adapts the read size to the traffic: a read that filled all the space it
/// had says more was waiting, so the next reads get twice the space (up to
/// [`MAX_READ_CHUNK`]); a read that used less than a quarter of the read size
/// halves it (down to [`INITIAL_READ_CAPACITY`]), so a connection back to
/// single calls lets its large buffer go.
fn next_read_chunk(chunk: usize, read: usize, space: usize) -> usize {
    if read >= space {
        (chunk * 2).min(MAX_READ_CHUNK)
    } else if read < chunk / 4 {
        (chunk / 2).max(INITIAL_READ_CAPACITY)
    } else {
        chunk
    }
}

fn panic_text(panic: &(dyn Any + Send)) -> &str {
    if let Some(text) = panic.downcast_ref::<&str>() {
        text
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text
    } else {
        "(non-string panic payload)"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_size_doubles_on_full_reads_up_to_the_maximum() {
        let mut chunk = INITIAL_READ_CAPACITY;
        let mut sizes = Vec::new();
        for _ in 0..8 {
            chunk = next_read_chunk(chunk, chunk, chunk);
            sizes.push(chunk);
        }
        assert_eq!(sizes[0], 2 * INITIAL_READ_CAPACITY);
        assert_eq!(sizes[1], 4 * INITIAL_READ_CAPACITY);
        assert_eq!(*sizes.last().unwrap(), MAX_READ_CHUNK);
    }

    #[test]
    fn read_size_shrinks_after_small_reads_down_to_the_initial_size() {
        let mut chunk = MAX_READ_CHUNK;
        // A read of a quarter or more keeps the size.
        assert_eq!(next_read_chunk(chunk, chunk / 4, chunk), chunk);
        for _ in 0..10 {
            chunk = next_read_chunk(chunk, 100, chunk);
        }
        assert_eq!(chunk, INITIAL_READ_CAPACITY);
    }
}
