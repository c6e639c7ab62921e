//! The task behind a [`Channel`](super::Channel): one per connection. The
//! driver works over any `AsyncRead + AsyncWrite` stream; only [`connect`]
//! knows it is TCP.
//!
//! It alone owns the socket, the table of pending calls (sequence id ->
//! oneshot sender) and the sequence id counter, so nothing on this path
//! takes a lock. Each wake-up it drains the request queue, encoding every
//! request straight into one write buffer (one `write` for the batch),
//! writes, then reads and routes every complete reply by sequence id. When
//! the connection ends, every pending and queued call fails at once.

use std::collections::HashMap;
use std::future::poll_fn;
use std::io;
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot};

use super::config::ChannelConfig;
use crate::context::{RequestContext, wire};
use crate::error::{Error, TransportError};
use crate::message::{ClientReply, ClientRequest, encode_framed_message, encode_header_message};
use crate::protocol::MessageType;
use crate::transport::framing::{DecodeError, MessageDecoder};
use crate::transport::stream_io::{ReadBuffer, WriteBuffer};
use crate::transport::theader::HeaderWrite;
use crate::transport::zlib::ZlibStream;

type ReplySender = oneshot::Sender<Result<ClientReply, Error>>;

/// Requests taken from the queue per round before writing, so a flood of
/// callers cannot delay the first write indefinitely.
const MAX_BATCH: usize = 512;
/// Pending calls whose caller gave up are swept once the table reaches this
/// size (and then twice its live size).
const MIN_SWEEP: usize = 64;

/// One request on its way to the connection task.
#[derive(Debug)]
pub(crate) struct Outgoing {
    pub(crate) request: ClientRequest,
    pub(crate) reply: ReplySender,
    /// What travels with the call (THeader only).
    pub(crate) context: Option<Box<RequestContext>>,
}

/// The channel's side of a connection task.
#[derive(Debug)]
pub(crate) struct ConnectionHandle {
    queue: mpsc::UnboundedSender<Outgoing>,
}

impl ConnectionHandle {
    /// Queues `outgoing`, or gives it back when the task has ended.
    pub(crate) fn send(&self, outgoing: Outgoing) -> Result<(), Outgoing> {
        self.queue.send(outgoing).map_err(|err| err.0)
    }
}

/// Starts a connection task (which connects first).
pub(crate) fn spawn_connection(config: Arc<ChannelConfig>) -> Result<ConnectionHandle, Error> {
    let runtime =
        tokio::runtime::Handle::try_current().map_err(|err| Error::from(io::Error::other(err)))?;
    let (queue, requests) = mpsc::unbounded_channel();
    runtime.spawn(run(config, requests));
    Ok(ConnectionHandle { queue })
}

async fn run(config: Arc<ChannelConfig>, mut requests: mpsc::UnboundedReceiver<Outgoing>) {
    let connected = match config.endpoint.unix_path() {
        #[cfg(unix)]
        Some(path) => connect_unix(path, &config).await.map(Connected::Unix),
        #[cfg(not(unix))]
        Some(_) => Err(Error::from(TransportError::Connect(Arc::new(
            io::Error::new(
                io::ErrorKind::Unsupported,
                "unix sockets need a Unix system",
            ),
        )))),
        None => connect(&config).await.map(Connected::Tcp),
    };
    let stream = match connected {
        Ok(stream) => stream,
        Err(err) => {
            tracing::debug!(endpoint = %config.endpoint, error = %err, "connect failed");
            fail_queued(&mut requests, &err);
            return;
        }
    };
    match stream {
        #[cfg(feature = "tls")]
        Connected::Tcp(stream) if config.tls.is_some() => match handshake(stream, &config).await {
            Ok(stream) => drive_unzipped(config, stream, requests).await,
            Err(err) => {
                tracing::debug!(endpoint = %config.endpoint, error = %err, "TLS handshake failed");
                fail_queued(&mut requests, &err);
            }
        },
        Connected::Tcp(stream) => drive_unzipped(config, stream, requests).await,
        #[cfg(unix)]
        Connected::Unix(stream) => drive_unzipped(config, stream, requests).await,
    }
}

/// The client side of a TLS handshake, within the connect timeout.
#[cfg(feature = "tls")]
async fn handshake(
    stream: TcpStream,
    config: &ChannelConfig,
) -> Result<tokio_rustls::client::TlsStream<TcpStream>, Error> {
    let Some((tls, name)) = &config.tls else {
        return Err(TransportError::ConnectionClosed.into());
    };
    let connector = tokio_rustls::TlsConnector::from(Arc::clone(tls));
    match tokio::time::timeout(
        config.connect_timeout,
        connector.connect(name.clone(), stream),
    )
    .await
    {
        Ok(Ok(stream)) => Ok(stream),
        Ok(Err(err)) => Err(TransportError::Connect(Arc::new(err)).into()),
        Err(_) => Err(TransportError::ConnectTimeout(config.connect_timeout).into()),
    }
}

/// Runs the connection, through a [`ZlibStream`] when the channel says so.
async fn drive_unzipped<IO: AsyncRead + AsyncWrite + Unpin>(
    config: Arc<ChannelConfig>,
    stream: IO,
    requests: mpsc::UnboundedReceiver<Outgoing>,
) {
    if config.zlib {
        drive(config, ZlibStream::new(stream), requests).await;
    } else {
        drive(config, stream, requests).await;
    }
}

/// A connected stream, before the driver takes it.
enum Connected {
    Tcp(TcpStream),
    #[cfg(unix)]
    Unix(tokio::net::UnixStream),
}

#[cfg(unix)]
async fn connect_unix(path: &str, config: &ChannelConfig) -> Result<tokio::net::UnixStream, Error> {
    let connecting = tokio::net::UnixStream::connect(path);
    match tokio::time::timeout(config.connect_timeout, connecting).await {
        Ok(Ok(stream)) => Ok(stream),
        Ok(Err(err)) => Err(TransportError::Connect(Arc::new(err)).into()),
        Err(_) => Err(TransportError::ConnectTimeout(config.connect_timeout).into()),
    }
}

/// Runs the connection over `stream` until it ends.
async fn drive<IO: AsyncRead + AsyncWrite + Unpin>(
    config: Arc<ChannelConfig>,
    stream: IO,
    requests: mpsc::UnboundedReceiver<Outgoing>,
) {
    let mut driver = Driver {
        decoder: MessageDecoder::new(config.protocol, config.framing, config.limits),
        config,
        stream,
        requests,
        requests_closed: false,
        pending: HashMap::new(),
        sweep_at: MIN_SWEEP,
        next_seqid: 0,
        output: WriteBuffer::default(),
        flush_waiters: Vec::new(),
        input: ReadBuffer::default(),
        socket_drained: false,
    };
    let ended = poll_fn(|cx| driver.poll_drive(cx)).await;
    if let Err(err) = ended {
        tracing::debug!(endpoint = %driver.config.endpoint, error = %err, "connection ended");
        driver.fail_all(&err);
    }
}

async fn connect(config: &ChannelConfig) -> Result<TcpStream, Error> {
    let connecting = TcpStream::connect(config.endpoint.0.as_str());
    let stream = match tokio::time::timeout(config.connect_timeout, connecting).await {
        Ok(Ok(stream)) => stream,
        Ok(Err(err)) => return Err(TransportError::Connect(Arc::new(err)).into()),
        Err(_) => return Err(TransportError::ConnectTimeout(config.connect_timeout).into()),
    };
    stream
        .set_nodelay(true)
        .map_err(|err| TransportError::Connect(Arc::new(err)))?;
    Ok(stream)
}

/// Fails every request still queued; later sends see a closed queue and
/// start a new connection.
fn fail_queued(requests: &mut mpsc::UnboundedReceiver<Outgoing>, err: &Error) {
    requests.close();
    while let Ok(outgoing) = requests.try_recv() {
        let _ = outgoing.reply.send(Err(err.clone()));
    }
}

/// The connection's state, owned by its task. `IO` is the byte stream.
struct Driver<IO> {
    config: Arc<ChannelConfig>,
    stream: IO,
    requests: mpsc::UnboundedReceiver<Outgoing>,
    /// Every channel handle is gone: finish the pending calls, then stop.
    requests_closed: bool,
    pending: HashMap<i32, ReplySender>,
    sweep_at: usize,
    next_seqid: i32,
    output: WriteBuffer,
    /// Oneway calls in `output`: done once it is written.
    flush_waiters: Vec<ReplySender>,
    input: ReadBuffer,
    decoder: MessageDecoder,
    socket_drained: bool,
}

impl<IO: AsyncRead + AsyncWrite + Unpin> Driver<IO> {
    fn poll_drive(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        loop {
            let mut progress = self.poll_requests(cx);
            progress |= self.poll_write(cx)?;
            progress |= self.poll_read(cx)?;
            if self.requests_closed {
                self.pending.retain(|_, reply| !reply.is_closed());
                if self.pending.is_empty() && self.output.is_empty() {
                    return Poll::Ready(Ok(()));
                }
            }
            if !progress {
                return Poll::Pending;
            }
        }
    }

    /// Encodes queued requests into the write buffer.
    fn poll_requests(&mut self, cx: &mut Context<'_>) -> bool {
        let mut taken = 0;
        while !self.requests_closed && taken < MAX_BATCH {
            match self.requests.poll_recv(cx) {
                Poll::Ready(Some(outgoing)) => {
                    self.enqueue(outgoing);
                    taken += 1;
                }
                Poll::Ready(None) => self.requests_closed = true,
                Poll::Pending => break,
            }
        }
        taken > 0
    }

    fn enqueue(&mut self, outgoing: Outgoing) {
        let Outgoing {
            request,
            reply,
            context,
        } = outgoing;
        if reply.is_closed() {
            // The caller gave up (deadline) before the request was sent.
            return;
        }
        let seqid = self.allocate_seqid();
        let encoded = match context {
            Some(context) => encode_header_message(
                self.config.protocol,
                self.output.buf_mut(),
                &request.method,
                request.kind,
                seqid,
                &*request.args,
                &HeaderWrite {
                    info: context.to_pairs(wire::THEADER),
                    in_frame: self.config.header_in_frames,
                    ..HeaderWrite::default()
                },
            ),
            None => encode_framed_message(
                self.config.protocol,
                self.config.framing,
                self.output.buf_mut(),
                &request.method,
                request.kind,
                seqid,
                &*request.args,
            ),
        };
        if let Err(err) = encoded {
            let _ = reply.send(Err(err.into()));
            return;
        }
        if request.kind == MessageType::Oneway {
            self.flush_waiters.push(reply);
        } else {
            self.pending.insert(seqid, reply);
            if self.pending.len() >= self.sweep_at {
                self.pending.retain(|_, reply| !reply.is_closed());
                self.sweep_at = (self.pending.len() * 2).max(MIN_SWEEP);
            }
        }
    }

    /// The next sequence id not used by a pending call.
    fn allocate_seqid(&mut self) -> i32 {
        loop {
            self.next_seqid = self.next_seqid.wrapping_add(1);
            if !self.pending.contains_key(&self.next_seqid) {
                return self.next_seqid;
            }
        }
    }

    fn poll_write(&mut self, cx: &mut Context<'_>) -> Result<bool, Error> {
        let written = self.output.poll_write_to(&mut self.stream, cx)?;
        if written.drained {
            for waiter in self.flush_waiters.drain(..) {
                let _ = waiter.send(Ok(ClientReply::Sent));
            }
        }
        Ok(written.progress)
    }

    /// Reads once and routes every complete reply.
    fn poll_read(&mut self, cx: &mut Context<'_>) -> Result<bool, Error> {
        let progress = match self.input.poll_read_from(&mut self.stream, cx) {
            Poll::Ready(Ok(0)) => return Err(TransportError::ConnectionClosed.into()),
            Poll::Ready(Ok(_)) => {
                self.socket_drained = false;
                true
            }
            Poll::Ready(Err(err)) => return Err(err.into()),
            Poll::Pending => {
                self.socket_drained = true;
                false
            }
        };
        loop {
            match self
                .decoder
                .next(self.input.bytes_mut(), self.socket_drained)
            {
                Ok(Some(message)) => match self.pending.remove(&message.header.seqid) {
                    Some(reply) => {
                        let _ = reply.send(Ok(ClientReply::Message(message)));
                    }
                    None => tracing::trace!(
                        seqid = message.header.seqid,
                        "reply to a call no longer waiting"
                    ),
                },
                Ok(None) => break,
                Err(DecodeError::FrameTooLarge { size, max }) => {
                    return Err(TransportError::FrameTooLarge { size, max }.into());
                }
                Err(DecodeError::Malformed { error, .. }) => return Err(error.into()),
                Err(DecodeError::Header(error)) => {
                    return Err(TransportError::Header(error).into());
                }
            }
        }
        Ok(progress)
    }

    /// Fails every pending, unflushed and queued call with `err`.
    fn fail_all(&mut self, err: &Error) {
        for (_, reply) in self.pending.drain() {
            let _ = reply.send(Err(err.clone()));
        }
        for waiter in self.flush_waiters.drain(..) {
            let _ = waiter.send(Err(err.clone()));
        }
        fail_queued(&mut self.requests, err);
    }
}
