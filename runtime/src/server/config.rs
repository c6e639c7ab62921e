//! What every connection of one server shares: [`ServerConfig`], and the
//! [`Accept`] mode that says what a connection may carry.

use std::time::Duration;

use crate::message::{Framing, Protocol};
use crate::protocol::Limits;

/// What a server accepts on its connections: raw Thrift, HTTP, or either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Accept {
    /// Each connection is recognized from its first bytes: an HTTP request
    /// line goes to the HTTP server, anything else is raw Thrift (the
    /// default).
    #[default]
    Auto,
    /// Raw Thrift only: messages straight on the byte stream, framed or
    /// unframed.
    Raw,
    /// Thrift over HTTP only: one `POST` per call (with the `http` feature).
    #[cfg(feature = "http")]
    Http,
}

/// What every connection of one server shares.
#[derive(Debug, Clone)]
pub(crate) struct ServerConfig {
    /// What connections may carry.
    pub(crate) accept: Accept,
    /// HTTP requests must use this path (any path when `None`).
    #[cfg(feature = "http")]
    pub(crate) http_path: Option<String>,
    /// Largest HTTP request body accepted; larger ones get `413`.
    #[cfg(feature = "http")]
    pub(crate) max_http_body_size: usize,
    /// The only protocol served (detected per connection when `None`).
    pub(crate) protocol: Option<Protocol>,
    /// The only framing served (detected per connection when `None`).
    pub(crate) framing: Option<Framing>,
    /// Open connections at most; beyond it the server stops accepting.
    pub(crate) max_connections: usize,
    /// The TCP listen backlog: connections the kernel completes before the
    /// server accepts them.
    pub(crate) backlog: u32,
    /// Calls of one connection handled at once at most.
    pub(crate) max_concurrent_requests: usize,
    /// A started message must arrive, and a reply be taken, within this.
    pub(crate) read_timeout: Duration,
    /// A connection with nothing to do is closed after this.
    pub(crate) idle_timeout: Duration,
    /// Decoding limits.
    pub(crate) limits: Limits,
    /// Dedicated connection threads; 0 serves on the caller's runtime.
    pub(crate) worker_threads: usize,
    /// Every connection is a zlib stream (TZlibTransport).
    pub(crate) zlib: bool,
    /// Every connection starts with a TLS handshake.
    #[cfg(feature = "tls")]
    pub(crate) tls: Option<std::sync::Arc<rustls::ServerConfig>>,
    /// A TLS handshake must finish within this.
    #[cfg(feature = "tls")]
    pub(crate) tls_handshake_timeout: Duration,
}

/// The default listen backlog: Linux's default `somaxconn` since 5.4 (the
/// kernel caps it there anyway), four times what tokio's `TcpListener::bind`
/// asks for, so a burst of reconnects does not overflow the queue and leave
/// a client waiting a second for its SYN's retransmission.
const DEFAULT_BACKLOG: u32 = 4096;

/// Apache's `THttpServer` (Python) limit on a request body.
#[cfg(feature = "http")]
const DEFAULT_MAX_HTTP_BODY_SIZE: usize = 16_384_000;

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            accept: Accept::Auto,
            #[cfg(feature = "http")]
            http_path: None,
            #[cfg(feature = "http")]
            max_http_body_size: DEFAULT_MAX_HTTP_BODY_SIZE,
            protocol: None,
            framing: None,
            max_connections: 10_000,
            backlog: DEFAULT_BACKLOG,
            max_concurrent_requests: 256,
            read_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(300),
            limits: Limits::default(),
            worker_threads: 0,
            zlib: false,
            #[cfg(feature = "tls")]
            tls: None,
            #[cfg(feature = "tls")]
            tls_handshake_timeout: Duration::from_secs(10),
        }
    }
}
