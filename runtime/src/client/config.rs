//! What a channel's connections share: the [`Endpoint`] they connect to
//! and the [`ChannelConfig`] the builder fills in.

use std::fmt;
use std::net::SocketAddr;
#[cfg(feature = "tls")]
use std::sync::Arc;
use std::time::Duration;

use crate::message::{Framing, Protocol};
use crate::protocol::Limits;

/// Where a channel connects: a socket address or a `host:port` resolved at
/// each (re)connect, or `unix:PATH` for a unix domain socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint(pub(crate) String);

impl Endpoint {
    /// The socket path of a `unix:PATH` endpoint.
    pub(crate) fn unix_path(&self) -> Option<&str> {
        self.0.strip_prefix("unix:")
    }
}

impl From<SocketAddr> for Endpoint {
    fn from(addr: SocketAddr) -> Self {
        Endpoint(addr.to_string())
    }
}

impl From<&str> for Endpoint {
    fn from(addr: &str) -> Self {
        Endpoint(addr.to_owned())
    }
}

impl From<String> for Endpoint {
    fn from(addr: String) -> Self {
        Endpoint(addr)
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a channel's connections share.
#[derive(Debug, Clone)]
pub(crate) struct ChannelConfig {
    /// Where to connect.
    pub(crate) endpoint: Endpoint,
    /// The protocol calls are encoded in.
    pub(crate) protocol: Protocol,
    /// How messages are delimited on the stream.
    pub(crate) framing: Framing,
    /// How long one connection attempt may take.
    pub(crate) connect_timeout: Duration,
    /// How long a call may wait for its reply.
    pub(crate) call_timeout: Duration,
    /// Calls in flight at most; more are refused as overloaded.
    pub(crate) max_in_flight: usize,
    /// Decoding limits for replies.
    pub(crate) limits: Limits,
    /// The connection is a zlib stream (TZlibTransport).
    pub(crate) zlib: bool,
    /// Header framing only: each THeader frame goes inside a framed frame.
    pub(crate) header_in_frames: bool,
    /// TLS over TCP: the configuration and the name the server must prove.
    #[cfg(feature = "tls")]
    pub(crate) tls: Option<(
        Arc<rustls::ClientConfig>,
        rustls::pki_types::ServerName<'static>,
    )>,
}
