//! A broker message ([`Message`]): the headers the framework sets
//! ([`Headers`]) and a body that is exactly one standard Thrift message.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use trift::Protocol;

/// The content type of a body in the binary protocol.
pub const CONTENT_TYPE_BINARY: &str = "application/vnd.apache.thrift.binary";
/// The content type of a body in the compact protocol.
pub const CONTENT_TYPE_COMPACT: &str = "application/vnd.apache.thrift.compact";
/// The content type of a body in the JSON protocol.
pub const CONTENT_TYPE_JSON: &str = "application/vnd.apache.thrift.json";

/// The content type naming `protocol`.
pub fn content_type(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::Binary => CONTENT_TYPE_BINARY,
        Protocol::Compact => CONTENT_TYPE_COMPACT,
        Protocol::Json => CONTENT_TYPE_JSON,
    }
}

/// The protocol a content type names (parameters after `;` ignored), if
/// it names one.
pub fn protocol_of(content_type: &str) -> Option<Protocol> {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    match essence {
        CONTENT_TYPE_BINARY => Some(Protocol::Binary),
        CONTENT_TYPE_COMPACT => Some(Protocol::Compact),
        CONTENT_TYPE_JSON => Some(Protocol::Json),
        _ => None,
    }
}

/// Milliseconds since the Unix epoch, now.
pub fn now_millis() -> u64 {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO);
    u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
}

/// The headers of a broker message. On AMQP the first five travel as the
/// basic properties of the same names, the rest in the headers table (see
/// the README's AMQP mapping).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers {
    /// Names the body's protocol (`application/vnd.apache.thrift.binary`,
    /// `.compact` or `.json`).
    pub content_type: String,
    /// Unique per published message: a handler deduplicates redeliveries
    /// by it.
    pub message_id: String,
    /// On a request: the id its replies carry; on a reply: the request's.
    pub correlation_id: Option<String>,
    /// The queue the replies to a request go to.
    pub reply_to: Option<String>,
    /// When the message was published, in milliseconds since the Unix
    /// epoch.
    pub timestamp_ms: u64,
    /// The Thrift method name of the body's message.
    pub method: String,
    /// When the caller stops waiting, in milliseconds since the Unix epoch:
    /// a request delivered later is dead-lettered unhandled.
    pub deadline_ms: Option<u64>,
    /// Who published the message (a reply's sender, for publish/async
    /// responses).
    pub sender: Option<String>,
    /// Why the message was dead-lettered (set on the dead-letter queue).
    pub death_reason: Option<String>,
    /// Any other headers, by name.
    pub extra: BTreeMap<String, String>,
}

/// One broker message: headers and a body holding exactly one Thrift
/// message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message {
    /// The headers.
    pub headers: Headers,
    /// One whole Thrift message (header, struct, end), unframed.
    pub body: Bytes,
}

impl Message {
    /// A message with `body` in `protocol` for `method`, with a fresh
    /// message id and the current time.
    pub fn new(protocol: Protocol, method: &str, body: Bytes) -> Self {
        Message {
            headers: Headers {
                content_type: content_type(protocol).to_owned(),
                message_id: uuid::Uuid::new_v4().to_string(),
                timestamp_ms: now_millis(),
                method: method.to_owned(),
                ..Headers::default()
            },
            body,
        }
    }

    /// The body's protocol, from the content type.
    pub fn protocol(&self) -> Option<Protocol> {
        protocol_of(&self.headers.content_type)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_name_their_protocol() {
        for protocol in [Protocol::Binary, Protocol::Compact, Protocol::Json] {
            assert_eq!(protocol_of(content_type(protocol)), Some(protocol));
        }
        assert_eq!(
            protocol_of("application/vnd.apache.thrift.json; charset=utf-8"),
            Some(Protocol::Json)
        );
        assert_eq!(protocol_of("application/json"), None);
    }

    #[test]
    fn new_messages_get_distinct_ids() {
        let a = Message::new(Protocol::Binary, "m", Bytes::new());
        let b = Message::new(Protocol::Binary, "m", Bytes::new());
        assert_ne!(a.headers.message_id, b.headers.message_id);
        assert_eq!(a.protocol(), Some(Protocol::Binary));
    }
}
