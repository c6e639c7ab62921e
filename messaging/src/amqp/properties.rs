//! The AMQP mapping of [`Headers`]: five basic properties of the same
//! names (content type, message id, correlation id, reply-to, timestamp in
//! seconds), delivery mode 2 (persistent), and the rest in the headers
//! table under the names below, as long strings.

use std::collections::BTreeMap;

use lapin::BasicProperties;
use lapin::types::{AMQPValue, FieldTable, LongString, ShortString};

use crate::headers::Headers;

/// The Thrift method name of the body's message.
pub const METHOD: &str = "thrift-method";
/// The publish time in milliseconds since the epoch (the `timestamp`
/// property has only seconds).
pub const TIMESTAMP_MS: &str = "trift-timestamp-ms";
/// The request's deadline in milliseconds since the epoch.
pub const DEADLINE_MS: &str = "trift-deadline-ms";
/// Who published a reply.
pub const SENDER: &str = "trift-sender";
/// Why a message was dead-lettered.
pub const DEATH_REASON: &str = "trift-death-reason";
/// The delivery this message is on, counted by the framework across
/// retries (absent: 1).
pub const ATTEMPT: &str = "trift-attempt";

/// The basic properties carrying `headers`, with `attempt` (for a retry).
pub(crate) fn to_properties(headers: &Headers, attempt: Option<u32>) -> BasicProperties {
    let mut table = FieldTable::default();
    let mut put = |name: &str, value: String| {
        table.insert(
            ShortString::from(name),
            AMQPValue::LongString(LongString::from(value)),
        );
    };
    put(METHOD, headers.method.clone());
    put(TIMESTAMP_MS, headers.timestamp_ms.to_string());
    if let Some(deadline) = headers.deadline_ms {
        put(DEADLINE_MS, deadline.to_string());
    }
    if let Some(sender) = &headers.sender {
        put(SENDER, sender.clone());
    }
    if let Some(reason) = &headers.death_reason {
        put(DEATH_REASON, reason.clone());
    }
    if let Some(attempt) = attempt {
        put(ATTEMPT, attempt.to_string());
    }
    for (name, value) in &headers.extra {
        put(name, value.clone());
    }
    let mut properties = BasicProperties::default()
        .with_content_type(ShortString::from(headers.content_type.as_str()))
        .with_message_id(ShortString::from(headers.message_id.as_str()))
        .with_timestamp(headers.timestamp_ms / 1_000)
        .with_delivery_mode(2)
        .with_headers(table);
    if let Some(id) = &headers.correlation_id {
        properties = properties.with_correlation_id(ShortString::from(id.as_str()));
    }
    if let Some(reply_to) = &headers.reply_to {
        properties = properties.with_reply_to(ShortString::from(reply_to.as_str()));
    }
    properties
}

/// The headers `properties` carry, and the framework's attempt count.
pub(crate) fn from_properties(properties: &BasicProperties) -> (Headers, u32) {
    let mut table: BTreeMap<String, String> = BTreeMap::new();
    if let Some(fields) = properties.headers() {
        for (name, value) in fields.inner() {
            if let Some(text) = text(value) {
                table.insert(name.as_str().to_owned(), text);
            }
        }
    }
    let short = |value: &Option<ShortString>| value.as_ref().map(|v| v.as_str().to_owned());
    let number = |table: &mut BTreeMap<String, String>, name: &str| {
        table
            .remove(name)
            .and_then(|value| value.parse::<u64>().ok())
    };
    let timestamp_ms = number(&mut table, TIMESTAMP_MS)
        .or_else(|| {
            properties
                .timestamp()
                .map(|seconds| seconds.saturating_mul(1_000))
        })
        .unwrap_or_default();
    let deadline_ms = number(&mut table, DEADLINE_MS);
    let attempt = number(&mut table, ATTEMPT)
        .and_then(|attempt| u32::try_from(attempt).ok())
        .unwrap_or(1);
    let headers = Headers {
        content_type: short(properties.content_type()).unwrap_or_default(),
        message_id: short(properties.message_id()).unwrap_or_default(),
        correlation_id: short(properties.correlation_id()),
        reply_to: short(properties.reply_to()),
        timestamp_ms,
        method: table.remove(METHOD).unwrap_or_default(),
        deadline_ms,
        sender: table.remove(SENDER),
        death_reason: table.remove(DEATH_REASON),
        extra: table,
    };
    (headers, attempt)
}

/// A header value as text (strings as they are, numbers in decimal).
fn text(value: &AMQPValue) -> Option<String> {
    match value {
        AMQPValue::LongString(text) => Some(String::from_utf8_lossy(text.as_bytes()).into_owned()),
        AMQPValue::ShortString(text) => Some(text.as_str().to_owned()),
        AMQPValue::LongInt(n) => Some(n.to_string()),
        AMQPValue::LongUInt(n) => Some(n.to_string()),
        AMQPValue::LongLongInt(n) => Some(n.to_string()),
        AMQPValue::ShortInt(n) => Some(n.to_string()),
        AMQPValue::ShortUInt(n) => Some(n.to_string()),
        AMQPValue::Timestamp(n) => Some(n.to_string()),
        AMQPValue::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_survive_the_mapping() {
        let mut headers = Headers {
            content_type: "application/vnd.apache.thrift.compact".to_owned(),
            message_id: "m-1".to_owned(),
            correlation_id: Some("c-1".to_owned()),
            reply_to: Some("amq.gen-x".to_owned()),
            timestamp_ms: 1_700_000_000_123,
            method: "add".to_owned(),
            deadline_ms: Some(1_700_000_030_123),
            sender: Some("driver-1".to_owned()),
            death_reason: Some("bad".to_owned()),
            extra: BTreeMap::new(),
        };
        headers.extra.insert("x-app".to_owned(), "taxi".to_owned());
        let properties = to_properties(&headers, Some(3));
        assert_eq!(properties.delivery_mode(), &Some(2));
        assert_eq!(properties.timestamp(), &Some(1_700_000_000));
        assert_eq!(from_properties(&properties), (headers, 3));
    }
}
