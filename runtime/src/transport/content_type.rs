//! Thrift over HTTP's content types: which one a client sends, which
//! protocol a request's `Content-Type` or first body byte names, and which
//! type a reply carries. Shared by the HTTP client and server.

use http::header::HeaderValue;

use crate::message::Protocol;

/// The content type of Apache's HTTP clients and servers, for every
/// protocol.
pub(crate) const THRIFT_CONTENT_TYPE: &str = "application/x-thrift";
/// The content type Apache's JavaScript client sends with TJSONProtocol.
pub(crate) const THRIFT_JSON_CONTENT_TYPE: &str = "application/vnd.apache.thrift.json";

/// The content type a client sends for `protocol`.
pub(crate) fn http_content_type(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::Json => THRIFT_JSON_CONTENT_TYPE,
        Protocol::Binary | Protocol::Compact => THRIFT_CONTENT_TYPE,
    }
}

/// The protocol a request's `Content-Type` names, if it names one:
/// `application/x-thrift` does not (Apache uses it for every protocol).
pub(crate) fn protocol_of_content_type(value: &HeaderValue) -> Option<Protocol> {
    let value = value.to_str().ok()?;
    let media_type = value.split(';').next().unwrap_or_default().trim();
    let is = |name: &str| media_type.eq_ignore_ascii_case(name);
    if is(THRIFT_JSON_CONTENT_TYPE) || is("application/json") {
        Some(Protocol::Json)
    } else if is("application/vnd.apache.thrift.binary") {
        Some(Protocol::Binary)
    } else if is("application/vnd.apache.thrift.compact") {
        Some(Protocol::Compact)
    } else {
        None
    }
}

/// The protocol a message's first byte shows: `80` strict binary, `00`
/// non-strict binary (a name length), `82` compact, `[` JSON.
pub(crate) fn protocol_of_first_byte(body: &[u8]) -> Option<Protocol> {
    match body.first()? {
        0x80 | 0x00 => Some(Protocol::Binary),
        0x82 => Some(Protocol::Compact),
        b'[' => Some(Protocol::Json),
        _ => None,
    }
}

/// The reply's content type mirrors the request's when that named the
/// protocol; otherwise it is Apache's `application/x-thrift`, or the JSON
/// type for a JSON reply to a request that sent no content type.
pub(crate) fn reply_content_type(
    request: Option<&HeaderValue>,
    declared: Option<Protocol>,
    protocol: Protocol,
) -> HeaderValue {
    match (request, declared) {
        (Some(value), Some(declared)) if declared == protocol => value.clone(),
        (None, _) if protocol == Protocol::Json => {
            HeaderValue::from_static(THRIFT_JSON_CONTENT_TYPE)
        }
        _ => HeaderValue::from_static(THRIFT_CONTENT_TYPE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_name_protocols() {
        let json = HeaderValue::from_static("application/vnd.apache.thrift.json; charset=utf-8");
        assert_eq!(protocol_of_content_type(&json), Some(Protocol::Json));
        let plain_json = HeaderValue::from_static("Application/JSON");
        assert_eq!(protocol_of_content_type(&plain_json), Some(Protocol::Json));
        let thrift = HeaderValue::from_static(THRIFT_CONTENT_TYPE);
        assert_eq!(protocol_of_content_type(&thrift), None);
        assert_eq!(
            reply_content_type(Some(&json), Some(Protocol::Json), Protocol::Json),
            json
        );
        assert_eq!(
            reply_content_type(Some(&thrift), None, Protocol::Json),
            THRIFT_CONTENT_TYPE
        );
        assert_eq!(
            reply_content_type(None, None, Protocol::Json),
            THRIFT_JSON_CONTENT_TYPE
        );
    }

    #[test]
    fn first_bytes_name_protocols() {
        assert_eq!(protocol_of_first_byte(&[0x80, 1]), Some(Protocol::Binary));
        assert_eq!(
            protocol_of_first_byte(&[0, 0, 0, 3]),
            Some(Protocol::Binary)
        );
        assert_eq!(protocol_of_first_byte(&[0x82]), Some(Protocol::Compact));
        assert_eq!(protocol_of_first_byte(b"[1,"), Some(Protocol::Json));
        assert_eq!(protocol_of_first_byte(b"hello"), None);
        assert_eq!(protocol_of_first_byte(b""), None);
    }
}
