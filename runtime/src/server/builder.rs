//! Server configuration, binding, and the accept loop.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::{TcpListener, ToSocketAddrs};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tower::Service;

use super::BoxError;
use super::connection::serve_connection;
use super::http::serve_http_connection;
use super::shutdown::ShutdownHandle;
use super::workers::Workers;
use crate::protocol::Limits;
use crate::rpc::{Framing, Protocol, ServerReply, ServerRequest};

/// What a server's connections carry: raw Thrift, HTTP, or either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Transport {
    /// Each connection is recognized from its first bytes: an HTTP request
    /// line goes to the HTTP server, anything else is raw Thrift (the
    /// default).
    #[default]
    Auto,
    /// Raw Thrift over TCP only (framed or unframed).
    Tcp,
    /// Thrift over HTTP only: one `POST` per call.
    Http,
}

/// What every connection of one server shares.
#[derive(Debug, Clone)]
pub(crate) struct ServerConfig {
    pub(crate) transport: Transport,
    /// HTTP requests must use this path (any path when `None`).
    pub(crate) http_path: Option<String>,
    /// Largest HTTP request body accepted; larger ones get `413`.
    pub(crate) max_http_body_size: usize,
    pub(crate) protocol: Option<Protocol>,
    pub(crate) framing: Option<Framing>,
    pub(crate) max_connections: usize,
    pub(crate) max_concurrent_requests: usize,
    pub(crate) read_timeout: Duration,
    pub(crate) idle_timeout: Duration,
    pub(crate) limits: Limits,
    /// Dedicated connection threads; 0 serves on the caller's runtime.
    pub(crate) worker_threads: usize,
}

/// Configures a server: `Server::builder().protocol(..).framing(..).bind(addr)`.
#[derive(Debug, Clone)]
pub struct ServerBuilder {
    config: ServerConfig,
}

/// Apache's `THttpServer` (Python) limit on a request body.
const DEFAULT_MAX_HTTP_BODY_SIZE: usize = 16_384_000;

impl Default for ServerBuilder {
    fn default() -> Self {
        ServerBuilder {
            config: ServerConfig {
                transport: Transport::Auto,
                http_path: None,
                max_http_body_size: DEFAULT_MAX_HTTP_BODY_SIZE,
                protocol: None,
                framing: None,
                max_connections: 10_000,
                max_concurrent_requests: 256,
                read_timeout: Duration::from_secs(30),
                idle_timeout: Duration::from_secs(300),
                limits: Limits::default(),
                worker_threads: 0,
            },
        }
    }
}

impl ServerBuilder {
    /// Serves only `protocol` (default: detected per connection).
    pub fn protocol(mut self, protocol: Protocol) -> Self {
        self.config.protocol = Some(protocol);
        self
    }

    /// Serves only `framing` (default: detected per connection).
    pub fn framing(mut self, framing: Framing) -> Self {
        self.config.framing = Some(framing);
        self
    }

    /// Detects the transport, protocol and framing from each connection's
    /// first bytes (the default): HTTP, and binary (strict and non-strict),
    /// compact and JSON, each framed or unframed, all on one port.
    pub fn auto_detect(mut self) -> Self {
        self.config.transport = Transport::Auto;
        self.config.protocol = None;
        self.config.framing = None;
        self
    }

    /// Serves raw Thrift, HTTP, or both on one port ([`Transport::Auto`],
    /// the default).
    pub fn transport(mut self, transport: Transport) -> Self {
        self.config.transport = transport;
        self
    }

    /// HTTP requests must be sent to `path` (e.g. `/thrift`); others get
    /// `404`. Default: any path, as Apache's `THttpServer` does.
    pub fn http_path(mut self, path: impl Into<String>) -> Self {
        self.config.http_path = Some(path.into());
        self
    }

    /// The largest HTTP request body accepted; a larger one is answered
    /// `413 Payload Too Large` without being read. Default 16,384,000 bytes,
    /// as Apache's `THttpServer`.
    pub fn max_http_body_size(mut self, bytes: usize) -> Self {
        self.config.max_http_body_size = bytes;
        self
    }

    /// At most `n` open connections (at least 1); beyond it the server stops
    /// accepting until one closes. Default 10,000.
    pub fn max_connections(mut self, n: usize) -> Self {
        self.config.max_connections = n.clamp(1, Semaphore::MAX_PERMITS.min(u32::MAX as usize));
        self
    }

    /// At most `n` calls of one connection handled at once (at least 1);
    /// beyond it the connection stops reading. Default 256.
    pub fn max_concurrent_requests_per_connection(mut self, n: usize) -> Self {
        self.config.max_concurrent_requests = n.max(1);
        self
    }

    /// A message whose first bytes have arrived must arrive whole within
    /// `timeout`, and a reply must be taken by the client within it (a
    /// write may wait this long for the client to read; over HTTP too);
    /// else the connection is closed. Default 30 s.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.config.read_timeout = timeout;
        self
    }

    /// A connection with no call in progress and nothing received for
    /// `timeout` is closed. Default 5 min. (An HTTP connection waiting for
    /// its next request is closed after the shorter of this and the read
    /// timeout: both are one timer in hyper.)
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.config.idle_timeout = timeout;
        self
    }

    /// Serves connections on `n` dedicated threads, each running its own
    /// single-threaded tokio runtime (thread per core); each new connection
    /// goes to the thread with the fewest connections and stays there.
    ///
    /// A connection's wake-ups then never cross threads and no scheduler
    /// moves its work around, which on a loaded server gives more calls per
    /// second and a shorter tail than a work-stealing runtime. Handlers run
    /// on these threads (a `tokio::spawn` in a handler spawns there). The
    /// accept loop stays on the runtime that runs
    /// [`serve`](BoundServer::serve); dropping that future stops the
    /// threads. A good `n` is the number of cores the server may use
    /// ([`std::thread::available_parallelism`]).
    ///
    /// Default 0: every connection is a task on the runtime that runs
    /// `serve`.
    pub fn worker_threads(mut self, n: usize) -> Self {
        self.config.worker_threads = n;
        self
    }

    /// Decoding limits (frame and message size, string and container
    /// lengths, depth). Default: Apache's.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.config.limits = limits;
        self
    }

    /// Binds the listening socket (port 0 picks a free port).
    pub async fn bind(self, addr: impl ToSocketAddrs) -> io::Result<BoundServer> {
        let listener = TcpListener::bind(addr).await?;
        let local_addr = listener.local_addr()?;
        Ok(BoundServer {
            listener,
            local_addr,
            config: Arc::new(self.config),
            shutdown: ShutdownHandle::default(),
        })
    }
}

/// Serves one accepted connection with its transport, holding `permit`
/// until the connection (and any oneway handler it started) is done.
async fn serve_accepted<S>(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    service: S,
    config: Arc<ServerConfig>,
    shutdown: ShutdownHandle,
    permit: OwnedSemaphorePermit,
) where
    S: Service<ServerRequest, Response = Option<ServerReply>> + Clone + Send + 'static,
    S::Error: Into<BoxError>,
    S::Future: Send + 'static,
{
    let permit = Arc::new(permit);
    if config.transport == Transport::Http {
        serve_http_connection(stream, peer, service, config, shutdown, permit).await;
    } else {
        serve_connection(stream, peer, service, config, shutdown, permit).await;
    }
}

/// A bound server, ready to serve a service.
#[derive(Debug)]
pub struct BoundServer {
    listener: TcpListener,
    local_addr: SocketAddr,
    config: Arc<ServerConfig>,
    shutdown: ShutdownHandle,
}

impl BoundServer {
    /// The address the server listens on (with the real port when bound to
    /// port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// A handle that shuts the server down gracefully.
    pub fn shutdown_handle(&self) -> ShutdownHandle {
        self.shutdown.clone()
    }

    /// Serves `service` until the shutdown handle is used, then drains: the
    /// future completes when every connection has finished its calls and
    /// closed.
    ///
    /// The service is cloned once per connection. Its errors are answered
    /// with `INTERNAL_ERROR`.
    pub async fn serve<S>(self, service: S) -> io::Result<()>
    where
        S: Service<ServerRequest, Response = Option<ServerReply>> + Clone + Send + 'static,
        S::Error: Into<BoxError>,
        S::Future: Send + 'static,
    {
        let BoundServer {
            listener,
            config,
            shutdown,
            ..
        } = self;
        let permits = Arc::new(Semaphore::new(config.max_connections));
        let workers = match config.worker_threads {
            0 => None,
            threads => Some(Workers::start(threads)?),
        };
        loop {
            let permit = tokio::select! {
                biased;
                () = shutdown.started() => break,
                permit = Arc::clone(&permits).acquire_owned() => match permit {
                    Ok(permit) => permit,
                    Err(_) => break,
                },
            };
            let (stream, peer) = tokio::select! {
                biased;
                () = shutdown.started() => break,
                accepted = listener.accept() => match accepted {
                    Ok(accepted) => accepted,
                    Err(err) => {
                        // Out of file descriptors and the like: back off
                        // instead of spinning, keep serving the others.
                        tracing::warn!(error = %err, "accept failed");
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    }
                },
            };
            if let Err(err) = stream.set_nodelay(true) {
                tracing::debug!(error = %err, %peer, "could not set TCP_NODELAY");
            }
            let service = service.clone();
            let config = Arc::clone(&config);
            let shutdown = shutdown.clone();
            let Some(workers) = &workers else {
                tokio::spawn(serve_accepted(
                    stream, peer, service, config, shutdown, permit,
                ));
                continue;
            };
            // The socket moves to the worker's reactor.
            let stream = match stream.into_std() {
                Ok(stream) => stream,
                Err(err) => {
                    tracing::debug!(error = %err, %peer, "could not hand the connection to a worker");
                    continue;
                }
            };
            workers.spawn(move || async move {
                match tokio::net::TcpStream::from_std(stream) {
                    Ok(stream) => {
                        serve_accepted(stream, peer, service, config, shutdown, permit).await;
                    }
                    Err(err) => {
                        tracing::debug!(error = %err, %peer, "could not register the connection");
                    }
                }
            });
        }
        drop(listener);
        // Every connection holds a permit until it has closed.
        let all = u32::try_from(config.max_connections).unwrap_or(u32::MAX);
        let _drained = permits.acquire_many(all).await;
        drop(workers);
        Ok(())
    }

    /// Serves `service` until `signal` completes, then shuts down
    /// gracefully (see [`BoundServer::serve`]).
    pub async fn serve_with_shutdown<S, F>(self, service: S, signal: F) -> io::Result<()>
    where
        S: Service<ServerRequest, Response = Option<ServerReply>> + Clone + Send + 'static,
        S::Error: Into<BoxError>,
        S::Future: Send + 'static,
        F: Future<Output = ()> + Send + 'static,
    {
        let handle = self.shutdown_handle();
        let watcher = tokio::spawn(async move {
            signal.await;
            handle.shutdown();
        });
        let result = self.serve(service).await;
        watcher.abort();
        result
    }
}
