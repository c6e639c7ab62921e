//! The server builder, binding, and the accept loop.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::ToSocketAddrs;
use tokio::sync::Semaphore;
use tokio::time::Instant;

use super::ServerService;
use super::accepted::serve_accepted;
use super::capacity::{Capacity, ConnectionCounters, Ticket};
use super::config::{Accept, ServerConfig};
use super::listener::{self, Accepted, BoundAddress, Listener};
use super::shutdown::ShutdownHandle;
use super::workers::Workers;
use crate::message::{Framing, Protocol};
use crate::protocol::Limits;

/// Configures a server: `Server::builder().protocol(..).framing(..).bind(addr)`.
#[derive(Debug, Clone, Default)]
pub struct ServerBuilder {
    config: ServerConfig,
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

    /// Reads and writes every connection as a zlib stream, as Apache's
    /// `TZlibTransport` does (default off); the framing and protocol inside
    /// are served (or detected) as usual.
    pub fn zlib(mut self, zlib: bool) -> Self {
        self.config.zlib = zlib;
        self
    }

    /// Serves TLS only (with the `tls` feature): every connection starts
    /// with a handshake, and a plaintext client is dropped when its bytes
    /// fail as a handshake. Build `config` with [`crate::tls::server_config`];
    /// with a client CA there, clients must present a certificate it signed.
    #[cfg(feature = "tls")]
    pub fn tls(mut self, config: Arc<rustls::ServerConfig>) -> Self {
        self.config.tls = Some(config);
        self
    }

    /// How long a TLS handshake may take before the connection is dropped
    /// (default 10 s).
    #[cfg(feature = "tls")]
    pub fn tls_handshake_timeout(mut self, timeout: Duration) -> Self {
        self.config.tls_handshake_timeout = timeout;
        self
    }

    /// Detects the transport, protocol and framing from each connection's
    /// first bytes (the default): HTTP, and binary (strict and non-strict),
    /// compact and JSON, each framed or unframed, all on one port.
    pub fn auto_detect(mut self) -> Self {
        self.config.accept = Accept::Auto;
        self.config.protocol = None;
        self.config.framing = None;
        self
    }

    /// Accepts raw Thrift, HTTP, or both on one port ([`Accept::Auto`],
    /// the default).
    pub fn accept(mut self, accept: Accept) -> Self {
        self.config.accept = accept;
        self
    }

    /// HTTP requests must be sent to `path` (e.g. `/thrift`); others get
    /// `404`. Default: any path, as Apache's `THttpServer` does.
    #[cfg(feature = "http")]
    pub fn http_path(mut self, path: impl Into<String>) -> Self {
        self.config.http_path = Some(path.into());
        self
    }

    /// The largest HTTP request body accepted; a larger one is answered
    /// `413 Payload Too Large` without being read. Default 16,384,000 bytes,
    /// as Apache's `THttpServer`.
    #[cfg(feature = "http")]
    pub fn max_http_body_size(mut self, bytes: usize) -> Self {
        self.config.max_http_body_size = bytes;
        self
    }

    /// At most `n` open connections (at least 1). At the cap a new
    /// connection makes the raw connection that has been quiet the longest
    /// (idle, or waiting for the rest of a message) close, or, when none is,
    /// is refused at once: accepted and closed, logged and counted
    /// ([`BoundServer::connection_counters`]). Default 10,000.
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

    /// The TCP listen backlog: how many connections the kernel completes
    /// and queues before the server accepts them (default 4,096; the kernel
    /// caps it at `net.core.somaxconn`). When the queue is full a new
    /// client's connection attempt is dropped and retried a second later.
    pub fn backlog(mut self, n: u32) -> Self {
        self.config.backlog = n;
        self
    }

    /// Binds the listening socket (port 0 picks a free port). Of the
    /// addresses `addr` resolves to, the first that binds is used.
    pub async fn bind(self, addr: impl ToSocketAddrs) -> io::Result<BoundServer> {
        let listener = listener::bind_tcp(addr, self.config.backlog).await?;
        self.bound(Listener::Tcp(listener))
    }

    /// Binds a unix domain socket at `path`. A stale socket file there (one
    /// no server accepts on) is replaced; a live one, or a file that is not a
    /// socket, is an error. The file gets the permissions the umask leaves
    /// and is removed when the server stops; see the crate README for
    /// restricting who may connect. Peers have no IP address: requests see
    /// `0.0.0.0:0` as their peer.
    #[cfg(unix)]
    pub async fn bind_unix(self, path: impl AsRef<std::path::Path>) -> io::Result<BoundServer> {
        let listener = listener::bind_unix(path.as_ref())?;
        self.bound(listener)
    }

    fn bound(self, listener: Listener) -> io::Result<BoundServer> {
        let address = listener.address()?;
        Ok(BoundServer {
            listener,
            address,
            capacity: Capacity::new(self.config.max_connections),
            config: Arc::new(self.config),
            shutdown: ShutdownHandle::default(),
        })
    }
}

/// A bound server, ready to serve a service.
#[derive(Debug)]
pub struct BoundServer {
    listener: Listener,
    address: BoundAddress,
    config: Arc<ServerConfig>,
    shutdown: ShutdownHandle,
    capacity: Arc<Capacity>,
}

impl BoundServer {
    /// The TCP address the server listens on (with the real port when
    /// bound to port 0); `0.0.0.0:0` for a unix socket, whose path is in
    /// [`BoundServer::bound_address`].
    pub fn local_addr(&self) -> SocketAddr {
        match &self.address {
            BoundAddress::Tcp(addr) => *addr,
            #[cfg(unix)]
            BoundAddress::Unix(_) => listener::UNIX_PEER,
        }
    }

    /// Where the server listens: a TCP address or a unix socket's path.
    pub fn bound_address(&self) -> &BoundAddress {
        &self.address
    }

    /// A handle that shuts the server down gracefully.
    pub fn shutdown_handle(&self) -> ShutdownHandle {
        self.shutdown.clone()
    }

    /// The server's connection counters (open, reclaimed and refused at the
    /// cap), readable while it serves.
    pub fn connection_counters(&self) -> ConnectionCounters {
        ConnectionCounters::new(Arc::clone(&self.capacity))
    }

    /// Serves `service` until the shutdown handle is used, then drains: the
    /// future completes when every connection has finished its calls and
    /// closed.
    ///
    /// The service is cloned once per connection. Its errors are answered
    /// with `INTERNAL_ERROR`.
    pub async fn serve<S>(self, service: S) -> io::Result<()>
    where
        S: ServerService,
    {
        let BoundServer {
            listener,
            config,
            shutdown,
            capacity,
            ..
        } = self;
        let workers = match config.worker_threads {
            0 => None,
            threads => Some(Workers::start(threads)?),
        };
        let mut refusals = RefusalLog::default();
        loop {
            let accepted = tokio::select! {
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
            let peer = match &accepted {
                Accepted::Tcp(_, peer) => *peer,
                #[cfg(unix)]
                Accepted::Unix(_) => listener::UNIX_PEER,
            };
            // At the cap the longest-quiet connection makes room, or the
            // new one is refused at once: never left waiting.
            let Some(ticket) = capacity.admit().await else {
                refusals.refused(peer, config.max_connections);
                drop(accepted);
                continue;
            };
            let service = service.clone();
            let config = Arc::clone(&config);
            let shutdown = shutdown.clone();
            let stream = match accepted {
                Accepted::Tcp(stream, _) => stream,
                #[cfg(unix)]
                Accepted::Unix(stream) => {
                    serve_unix(stream, workers.as_ref(), service, config, shutdown, ticket);
                    continue;
                }
            };
            if let Err(err) = stream.set_nodelay(true) {
                tracing::debug!(error = %err, %peer, "could not set TCP_NODELAY");
            }
            let Some(workers) = &workers else {
                tokio::spawn(serve_accepted(
                    stream, peer, service, config, shutdown, ticket,
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
                        serve_accepted(stream, peer, service, config, shutdown, ticket).await;
                    }
                    Err(err) => {
                        tracing::debug!(error = %err, %peer, "could not register the connection");
                    }
                }
            });
        }
        listener.close();
        // Every connection holds a permit until it has closed.
        capacity.drained().await;
        drop(workers);
        Ok(())
    }

    /// Serves `service` until `signal` completes, then shuts down
    /// gracefully (see [`BoundServer::serve`]).
    pub async fn serve_with_shutdown<S, F>(self, service: S, signal: F) -> io::Result<()>
    where
        S: ServerService,
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

/// Logs refused connections: the first at once, then at most one line a
/// second with the count since the last line, so an attack cannot flood the
/// log.
#[derive(Debug, Default)]
struct RefusalLog {
    last: Option<Instant>,
    unlogged: u64,
}

impl RefusalLog {
    fn refused(&mut self, peer: SocketAddr, cap: usize) {
        self.unlogged += 1;
        let now = Instant::now();
        if self
            .last
            .is_some_and(|last| now.duration_since(last) < Duration::from_secs(1))
        {
            return;
        }
        tracing::warn!(
            %peer,
            refused = self.unlogged,
            cap,
            "connection refused: at the connection cap and no connection is quiet"
        );
        self.last = Some(now);
        self.unlogged = 0;
    }
}

/// Serves one unix-socket connection, on a worker thread when there are.
#[cfg(unix)]
fn serve_unix<S: ServerService>(
    stream: tokio::net::UnixStream,
    workers: Option<&Workers>,
    service: S,
    config: Arc<ServerConfig>,
    shutdown: ShutdownHandle,
    ticket: Ticket,
) {
    let peer = listener::UNIX_PEER;
    let Some(workers) = workers else {
        tokio::spawn(serve_accepted(
            stream, peer, service, config, shutdown, ticket,
        ));
        return;
    };
    let stream = match stream.into_std() {
        Ok(stream) => stream,
        Err(err) => {
            tracing::debug!(error = %err, "could not hand the connection to a worker");
            return;
        }
    };
    workers.spawn(move || async move {
        match tokio::net::UnixStream::from_std(stream) {
            Ok(stream) => serve_accepted(stream, peer, service, config, shutdown, ticket).await,
            Err(err) => tracing::debug!(error = %err, "could not register the connection"),
        }
    });
}
