//! How a call's context is written on the wire: the keys of the deadline
//! and the `traceparent` in THeader info headers and in HTTP headers, and
//! reading their values leniently (a bad value is logged and ignored).

use std::net::SocketAddr;
use std::time::Duration;

use super::client_side::RequestContext;
use super::trace::TraceParent;

/// The keys the deadline and the trace travel under on one transport.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WireKeys {
    /// The caller's remaining time in whole milliseconds.
    pub(crate) timeout: &'static str,
    /// The W3C `traceparent`.
    pub(crate) traceparent: &'static str,
}

/// THeader info headers: fbthrift's `client_timeout` (milliseconds).
pub(crate) const THEADER: WireKeys = WireKeys {
    timeout: "client_timeout",
    traceparent: "traceparent",
};

#[cfg(feature = "http")]
/// HTTP headers: `client-timeout` (milliseconds; HTTP proxies drop names
/// with underscores) and `traceparent`.
pub(crate) const HTTP: WireKeys = WireKeys {
    timeout: "client-timeout",
    traceparent: "traceparent",
};

impl RequestContext {
    /// The key/value pairs this context travels as under `keys`: the
    /// caller's headers, then the timeout (rounded up to whole
    /// milliseconds, so a short timeout never becomes zero) and the trace.
    pub(crate) fn to_pairs(&self, keys: WireKeys) -> Vec<(String, String)> {
        let mut pairs = Vec::with_capacity(self.headers.len() + 2);
        pairs.extend(
            self.headers
                .iter()
                .filter(|(key, _)| *key != keys.timeout && *key != keys.traceparent)
                .map(|(key, value)| (key.to_owned(), value.to_owned())),
        );
        let millis = self.timeout.as_nanos().div_ceil(1_000_000);
        pairs.push((keys.timeout.to_owned(), millis.to_string()));
        pairs.push((keys.traceparent.to_owned(), self.trace.to_string()));
        pairs
    }
}

/// A timeout value in milliseconds; `None` (logged) when it is not one.
pub(crate) fn parse_timeout(text: &str, peer: SocketAddr) -> Option<Duration> {
    match text.trim().parse::<u64>() {
        Ok(millis) => Some(Duration::from_millis(millis)),
        Err(_) => {
            tracing::debug!(%peer, value = text, "ignored a client timeout that is not whole milliseconds");
            None
        }
    }
}

/// A `traceparent` value; `None` (logged) when it is invalid, so the call
/// starts a new trace, as the W3C specification asks.
pub(crate) fn parse_traceparent(text: &str, peer: SocketAddr) -> Option<TraceParent> {
    match TraceParent::parse(text) {
        Ok(trace) => Some(trace),
        Err(error) => {
            tracing::debug!(%peer, %error, "ignored an invalid traceparent");
            None
        }
    }
}

#[cfg(all(test, feature = "http"))]
mod tests {
    use std::time::Duration;

    use super::{HTTP, THEADER};
    use crate::context::client_side::RequestContext;
    use crate::context::{Metadata, TraceParent};

    #[test]
    fn a_context_travels_as_headers_timeout_and_trace() {
        let trace =
            TraceParent::parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").unwrap();
        let mut headers = Metadata::new();
        headers.insert("tenant", "acme");
        // A caller's own key of the same name never doubles the timeout.
        headers.insert("client_timeout", "1");
        let context = RequestContext {
            headers,
            timeout: Duration::from_micros(1500),
            trace,
        };
        let pairs = context.to_pairs(THEADER);
        let text: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            text,
            [
                ("tenant", "acme"),
                ("client_timeout", "2"),
                (
                    "traceparent",
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
                ),
            ]
        );
        assert!(
            context
                .to_pairs(HTTP)
                .iter()
                .any(|(k, v)| k == "client-timeout" && v == "2")
        );
    }
}
