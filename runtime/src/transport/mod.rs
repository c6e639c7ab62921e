//! Byte-stream transports, below the client and the server: splitting a
//! stream into messages ([`framing`]), recognizing a connection's protocol
//! and framing from its first bytes ([`detect`]), replaying those bytes to
//! the HTTP server ([`rewind`]), a write timeout for streams whose owner has
//! none ([`write_deadline`]), the read and write buffers every connection
//! driver uses ([`stream_io`]), Thrift over HTTP's content types
//! ([`content_type`]), THeader frames ([`theader`]) and TZlibTransport
//! ([`zlib`]). `rewind`,
//! `write_deadline` and `content_type` serve HTTP only and come with the
//! `http` feature.

#[cfg(feature = "http")]
pub(crate) mod content_type;
pub(crate) mod detect;
pub(crate) mod framing;
#[cfg(feature = "http")]
pub(crate) mod http_headers;
#[cfg(feature = "http")]
pub(crate) mod rewind;
pub(crate) mod stream_io;
pub(crate) mod theader;
#[cfg(feature = "http")]
pub(crate) mod write_deadline;
pub(crate) mod zlib;
