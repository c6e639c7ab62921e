//! The channel builder: `Channel::builder(addr)...build()`.

use std::sync::Arc;
use std::time::Duration;

use super::channel::Channel;
use super::config::{ChannelConfig, Endpoint};
use crate::message::{Framing, Protocol};
use crate::protocol::Limits;

/// Configures a [`Channel`].
#[derive(Debug, Clone)]
pub struct ChannelBuilder {
    config: ChannelConfig,
}

impl ChannelBuilder {
    pub(crate) fn new(endpoint: Endpoint) -> Self {
        ChannelBuilder {
            config: ChannelConfig {
                endpoint,
                protocol: Protocol::Binary,
                framing: Framing::Framed,
                connect_timeout: Duration::from_secs(1),
                call_timeout: Duration::from_secs(30),
                max_in_flight: 10_000,
                limits: Limits::default(),
                zlib: false,
                header_in_frames: false,
                #[cfg(feature = "tls")]
                tls: None,
            },
        }
    }

    /// The same configuration for another endpoint (one channel per
    /// endpoint of a balanced client).
    pub(crate) fn endpoint(mut self, endpoint: impl Into<Endpoint>) -> Self {
        self.config.endpoint = endpoint.into();
        self
    }

    /// The protocol (default binary).
    pub fn protocol(mut self, protocol: Protocol) -> Self {
        self.config.protocol = protocol;
        self
    }

    /// The framing (default framed).
    pub fn framing(mut self, framing: Framing) -> Self {
        self.config.framing = framing;
        self
    }

    /// With [`Framing::Header`]: puts each THeader frame inside a framed
    /// frame (one more length prefix), as Apache's programs send THeader
    /// over `TFramedTransport` (`--protocol header --transport framed` in
    /// its cross test); a server that expects that nesting cannot read bare
    /// THeader frames. Replies are read either way. Default off: a trift
    /// server and Apache's `THeaderTransport` servers read both.
    pub fn header_in_frames(mut self, nested: bool) -> Self {
        self.config.header_in_frames = nested;
        self
    }

    /// Compresses the connection as Apache's `TZlibTransport` does: one
    /// zlib stream each way, sync-flushed after every write (default off).
    pub fn zlib(mut self, zlib: bool) -> Self {
        self.config.zlib = zlib;
        self
    }

    /// Connects with TLS (the `tls` feature): the server's certificate must
    /// verify against `config`'s roots for `server_name` (a DNS name or an IP
    /// address). Build `config` with [`crate::tls::client_config`]. Fails for
    /// a name that is neither.
    #[cfg(feature = "tls")]
    pub fn tls(
        mut self,
        config: std::sync::Arc<rustls::ClientConfig>,
        server_name: &str,
    ) -> Result<Self, crate::tls::TlsError> {
        self.config.tls = Some((config, crate::tls::server_name(server_name)?));
        Ok(self)
    }

    /// How long one connection attempt may take (default 1 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// How long a call may take, connecting included, before it fails with
    /// [`TransportError::CallTimeout`](crate::TransportError::CallTimeout)
    /// (default 30 s).
    pub fn call_timeout(mut self, timeout: Duration) -> Self {
        self.config.call_timeout = timeout;
        self
    }

    /// At most `n` calls in flight (at least 1); more fail at once with
    /// [`TransportError::Overloaded`](crate::TransportError::Overloaded)
    /// instead of queueing (default 10,000).
    pub fn max_in_flight(mut self, n: usize) -> Self {
        self.config.max_in_flight = n.max(1);
        self
    }

    /// Decoding limits for replies (default Apache's).
    pub fn limits(mut self, limits: Limits) -> Self {
        self.config.limits = limits;
        self
    }

    /// The channel. It connects on the first call, not here.
    pub fn build(self) -> Channel {
        Channel::from_config(Arc::new(self.config))
    }
}
