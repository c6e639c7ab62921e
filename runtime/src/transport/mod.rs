//! Byte-stream transports: splitting a TCP stream into messages
//! ([`framing`]) and recognizing a connection's protocol and framing from its
//! first bytes ([`detect`]).

pub(crate) mod detect;
pub(crate) mod framing;
