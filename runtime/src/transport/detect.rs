//! Recognizes a connection's protocol and framing from its first bytes, so
//! one port serves every combination.
//!
//! What each combination starts with:
//!
//! | first bytes                | meaning                                   |
//! |----------------------------|-------------------------------------------|
//! | `80 01`                    | unframed strict binary                    |
//! | `82`                       | unframed compact                          |
//! | `[`                        | unframed JSON                             |
//! | `00 xx xx xx 80 01`        | framed strict binary                      |
//! | `00 xx xx xx 82`           | framed compact                            |
//! | `00 xx xx xx [`            | framed JSON                               |
//! | `00 xx xx xx 00`           | framed non-strict binary (name length)    |
//! | `00 xx xx xx 0F FF`        | THeader (protocol named in each frame)    |
//! | `00 xx xx xx 00 xx xx xx 0F FF` | THeader inside a framed frame        |
//! | `00 xx xx xx <name char>`  | unframed non-strict binary (name length)  |
//!
//! A frame length's first byte is zero for every frame below 16 MiB, which
//! covers Apache's default maximum frame size. Anything else is
//! [`Detection::Unknown`].
//!
//! HTTP is recognized separately ([`detect_http`]) by its request line: an
//! upper-case method token and a space (`POST `, `GET `, `OPTIONS `...).
//! No Thrift start above begins with an upper-case ASCII letter.

use crate::message::{Framing, Protocol};

/// The outcome of looking at a connection's first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detection {
    /// Not enough bytes yet.
    NeedMore,
    /// The connection speaks this protocol with this framing.
    Thrift(Protocol, Framing),
    /// An HTTP request (only from [`detect_http`]).
    Http,
    /// Not a Thrift stream this server accepts.
    Unknown,
}

/// The request methods an HTTP connection may start with.
const HTTP_METHODS: [&[u8]; 9] = [
    b"POST ",
    b"GET ",
    b"OPTIONS ",
    b"HEAD ",
    b"PUT ",
    b"DELETE ",
    b"PATCH ",
    b"TRACE ",
    b"CONNECT ",
];

/// Whether `head` starts an HTTP request: [`Detection::Http`], `NeedMore`
/// while it is a prefix of a method token, else `Unknown`.
pub(crate) fn detect_http(head: &[u8]) -> Detection {
    let mut partial = false;
    for method in HTTP_METHODS {
        if head.starts_with(method) {
            return Detection::Http;
        }
        partial |= method.starts_with(head);
    }
    if partial {
        Detection::NeedMore
    } else {
        Detection::Unknown
    }
}

const STRICT_BINARY: u8 = 0x80;
const BINARY_VERSION_LOW: u8 = 0x01;
const COMPACT: u8 = 0x82;
const JSON: u8 = b'[';
const HEADER_MAGIC_HIGH: u8 = 0x0F;
const HEADER_MAGIC_LOW: u8 = 0xFF;

/// Detects from `head` (the bytes received so far), honouring a pinned
/// protocol or framing: a stream that contradicts a pin is `Unknown`.
pub(crate) fn detect(
    head: &[u8],
    protocol: Option<Protocol>,
    framing: Option<Framing>,
) -> Detection {
    if let (Some(protocol), Some(framing)) = (protocol, framing) {
        return Detection::Thrift(protocol, framing);
    }
    let detected = match framing {
        Some(Framing::Unframed) => message_start(head, Framing::Unframed),
        Some(Framing::Framed) => match head.get(4..) {
            Some(body) => message_start(body, Framing::Framed),
            None => Detection::NeedMore,
        },
        // Each frame names its protocol.
        Some(Framing::Header) => {
            return Detection::Thrift(protocol.unwrap_or(Protocol::Binary), Framing::Header);
        }
        None => detect_both(head),
    };
    match (detected, protocol) {
        // The frames name their protocol; a pinned one is not checked here.
        (Detection::Thrift(_, Framing::Header), _) => detected,
        (Detection::Thrift(found, framing), Some(pinned)) if found != pinned => {
            // A non-strict binary header is indistinguishable from other
            // data; trust the pin there and let the reader judge.
            if found == Protocol::Binary && !is_strict_start(head, framing) {
                Detection::Thrift(pinned, framing)
            } else {
                Detection::Unknown
            }
        }
        (other, _) => other,
    }
}

fn is_strict_start(head: &[u8], framing: Framing) -> bool {
    let start = match framing {
        Framing::Framed | Framing::Header => 4,
        Framing::Unframed => 0,
    };
    head.get(start) == Some(&STRICT_BINARY)
}

fn detect_both(head: &[u8]) -> Detection {
    match head.first() {
        None => Detection::NeedMore,
        Some(&STRICT_BINARY | &COMPACT | &JSON) => message_start(head, Framing::Unframed),
        Some(0) => match head.get(4) {
            None => Detection::NeedMore,
            // A framed frame holding a THeader frame (length, then magic), or
            // framed non-strict binary (a name length, then the name): any
            // such frame has 10 bytes.
            Some(0) if head.len() < 10 => Detection::NeedMore,
            Some(0) if head.get(8..10) == Some(&[HEADER_MAGIC_HIGH, HEADER_MAGIC_LOW][..]) => {
                Detection::Thrift(Protocol::Binary, Framing::Header)
            }
            Some(&(STRICT_BINARY | COMPACT | JSON | 0)) => {
                message_start(head.get(4..).unwrap_or_default(), Framing::Framed)
            }
            // THeader's magic; the protocol comes from each frame's header.
            Some(&HEADER_MAGIC_HIGH) => match head.get(5) {
                None => Detection::NeedMore,
                Some(&HEADER_MAGIC_LOW) => Detection::Thrift(Protocol::Binary, Framing::Header),
                Some(_) => Detection::Thrift(Protocol::Binary, Framing::Unframed),
            },
            // A non-strict unframed binary header: a name length below 16 MiB,
            // then the name.
            Some(_) => Detection::Thrift(Protocol::Binary, Framing::Unframed),
        },
        Some(_) => Detection::Unknown,
    }
}

/// Recognizes the protocol of a message starting at `message[0]`.
fn message_start(message: &[u8], framing: Framing) -> Detection {
    match message.first() {
        None => Detection::NeedMore,
        Some(&STRICT_BINARY) => match message.get(1) {
            None => Detection::NeedMore,
            Some(&BINARY_VERSION_LOW) => Detection::Thrift(Protocol::Binary, framing),
            Some(_) => Detection::Unknown,
        },
        Some(&COMPACT) => Detection::Thrift(Protocol::Compact, framing),
        Some(&JSON) => Detection::Thrift(Protocol::Json, framing),
        // Non-strict binary: the name length's high byte.
        Some(0) => Detection::Thrift(Protocol::Binary, framing),
        Some(_) => Detection::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_every_unframed_start() {
        assert_eq!(
            detect(&[0x80, 0x01, 0, 1], None, None),
            Detection::Thrift(Protocol::Binary, Framing::Unframed)
        );
        assert_eq!(
            detect(&[0x82, 0x21], None, None),
            Detection::Thrift(Protocol::Compact, Framing::Unframed)
        );
        assert_eq!(
            detect(b"[1,\"x\"", None, None),
            Detection::Thrift(Protocol::Json, Framing::Unframed)
        );
        assert_eq!(
            detect(&[0, 0, 0, 3, b'a', b'd', b'd'], None, None),
            Detection::Thrift(Protocol::Binary, Framing::Unframed)
        );
    }

    #[test]
    fn recognizes_every_framed_start() {
        assert_eq!(
            detect(&[0, 0, 0, 20, 0x80, 0x01], None, None),
            Detection::Thrift(Protocol::Binary, Framing::Framed)
        );
        assert_eq!(
            detect(&[0, 0, 0, 20, 0x82], None, None),
            Detection::Thrift(Protocol::Compact, Framing::Framed)
        );
        assert_eq!(
            detect(&[0, 0, 0, 20, b'['], None, None),
            Detection::Thrift(Protocol::Json, Framing::Framed)
        );
        assert_eq!(
            detect(&[0, 0, 0, 20, 0, 0, 0, 3, b'a', b'd'], None, None),
            Detection::Thrift(Protocol::Binary, Framing::Framed)
        );
        assert_eq!(
            detect(&[0, 0, 0, 20, 0x0F, 0xFF, 0, 0], None, None),
            Detection::Thrift(Protocol::Binary, Framing::Header)
        );
        assert_eq!(
            detect(&[0, 0, 0, 24, 0, 0, 0, 20, 0x0F, 0xFF], None, None),
            Detection::Thrift(Protocol::Binary, Framing::Header)
        );
        assert_eq!(
            detect(&[0, 0, 0, 24, 0, 0, 0, 20], None, None),
            Detection::NeedMore
        );
        assert_eq!(
            detect(&[0, 0, 0, 20, 0x0F], None, None),
            Detection::NeedMore
        );
    }

    #[test]
    fn waits_for_enough_bytes_and_rejects_garbage() {
        assert_eq!(detect(&[], None, None), Detection::NeedMore);
        assert_eq!(detect(&[0, 0, 0], None, None), Detection::NeedMore);
        assert_eq!(detect(&[0x80], None, None), Detection::NeedMore);
        assert_eq!(detect(b"GET / HTTP/1.1", None, None), Detection::Unknown);
        assert_eq!(detect(&[0x80, 0x02], None, None), Detection::Unknown);
    }

    #[test]
    fn recognizes_http_request_lines() {
        assert_eq!(detect_http(b"POST /thrift HTTP/1.1\r\n"), Detection::Http);
        assert_eq!(detect_http(b"GET / HTTP/1.0"), Detection::Http);
        assert_eq!(detect_http(b"OPTIONS * HTTP/1.1"), Detection::Http);
        assert_eq!(detect_http(b"OPT"), Detection::NeedMore);
        assert_eq!(detect_http(b""), Detection::NeedMore);
        assert_eq!(detect_http(b"POSTX"), Detection::Unknown);
        assert_eq!(detect_http(&[0x80, 0x01]), Detection::Unknown);
        assert_eq!(detect_http(&[0, 0, 0, 5, 0x82]), Detection::Unknown);
        assert_eq!(detect_http(b"[1,"), Detection::Unknown);
    }

    #[test]
    fn honours_pins() {
        assert_eq!(
            detect(&[0x82], Some(Protocol::Binary), None),
            Detection::Unknown
        );
        assert_eq!(
            detect(&[0, 0, 0, 9, 0x82], None, Some(Framing::Framed)),
            Detection::Thrift(Protocol::Compact, Framing::Framed)
        );
        assert_eq!(
            detect(&[], Some(Protocol::Json), Some(Framing::Unframed)),
            Detection::Thrift(Protocol::Json, Framing::Unframed)
        );
    }
}
