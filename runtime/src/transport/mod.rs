//! Byte-stream transports: splitting a TCP stream into messages
//! ([`framing`]) and recognizing a connection's protocol and framing from its
//! first bytes ([`detect`]), and replaying those bytes to the HTTP server
//! ([`rewind`]).

pub(crate) mod detect;
pub(crate) mod framing;
pub(crate) mod rewind;
