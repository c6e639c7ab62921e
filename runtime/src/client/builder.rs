//! Channel configuration: `Channel::builder(addr)...build()`.

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use super::channel::Channel;
use crate::protocol::Limits;
use crate::message::{Framing, Protocol};

/// Where a channel connects: a socket address or a `host:port` resolved at
/// each (re)connect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint(pub(crate) String);

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
    pub(crate) endpoint: Endpoint,
    pub(crate) protocol: Protocol,
    pub(crate) framing: Framing,
    pub(crate) connect_timeout: Duration,
    pub(crate) call_timeout: Duration,
    pub(crate) max_in_flight: usize,
    pub(crate) limits: Limits,
    /// `Service:` prefix for TMultiplexedProtocol, if any.
    pub(crate) method_prefix: Option<String>,
}

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
                method_prefix: None,
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

    /// Calls go to the service registered as `name` on a multiplexing server
    /// (TMultiplexedProtocol: method names are sent as `name:method`).
    pub fn service_name(mut self, name: impl Into<String>) -> Self {
        let mut prefix = name.into();
        prefix.push(':');
        self.config.method_prefix = Some(prefix);
        self
    }

    /// The channel. It connects on the first call, not here.
    pub fn build(self) -> Channel {
        Channel::from_config(Arc::new(self.config))
    }
}
