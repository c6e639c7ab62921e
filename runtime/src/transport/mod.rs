//! Byte-stream transports: splitting a TCP stream into messages
//! ([`framing`]) and recognizing a connection's protocol and framing from its
//! first bytes ([`detect`]), and replaying those bytes to the HTTP server
//! ([`rewind`]), and a write timeout for streams whose owner has none
//! ([`write_deadline`]).

pub(crate) mod detect;
pub(crate) mod framing;
pub(crate) mod rewind;
pub(crate) mod write_deadline;
