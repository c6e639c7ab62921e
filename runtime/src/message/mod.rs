//! The message vocabulary both sides of an RPC share, below every transport.
//!
//! Incoming messages (a server's requests, a client's replies) are decoded
//! lazily: the transport reads only the message header, and the body stays in
//! a [`MessageReader`] positioned right after it, holding the whole frame as
//! [`Bytes`]. Generated code decodes the arguments or the result from there
//! with one `match` on the protocol, so each decode is monomorphized and
//! binary values stay zero-copy slices of the frame.
//!
//! Outgoing bodies (a client's arguments, a server's result) travel as a
//! type-erased [`EncodeBody`] and are encoded straight into the connection's
//! write buffer, in the connection's protocol, once the sequence id is known.

mod body;
mod client_side;
mod method;
mod server_side;

use std::fmt;

use bytes::Bytes;

use crate::codec::Decode;
use crate::protocol::{
    BinaryReader, CompactReader, JsonReader, Limits, MessageHeader, ProtocolReader, ProtocolResult,
};

pub use body::EncodeBody;
#[cfg(feature = "http")]
pub(crate) use body::encode_message;
pub(crate) use body::{encode_framed_message, encode_header_message};
pub use client_side::{ClientReply, ClientRequest, missing_result};
pub use method::{MethodArgs, MethodResult};
pub(crate) use server_side::RefusalNote;
pub use server_side::{ReplyTo, ServerReply, ServerRequest};

/// A Thrift wire protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// `TBinaryProtocol` (strict on write; strict and non-strict on read).
    Binary,
    /// `TCompactProtocol`.
    Compact,
    /// `TJSONProtocol`.
    Json,
}

impl Protocol {
    /// A reader for this protocol over one message.
    pub fn reader(self, message: Bytes, limits: Limits) -> MessageReader {
        match self {
            Protocol::Binary => MessageReader::Binary(BinaryReader::with_limits(message, limits)),
            Protocol::Compact => {
                MessageReader::Compact(CompactReader::with_limits(message, limits))
            }
            Protocol::Json => MessageReader::Json(JsonReader::with_limits(message, limits)),
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Protocol::Binary => "binary",
            Protocol::Compact => "compact",
            Protocol::Json => "json",
        })
    }
}

/// How messages are delimited on a byte stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Framing {
    /// `TFramedTransport`: each message is preceded by its length as a 4-byte
    /// big-endian integer.
    Framed,
    /// `TBufferedTransport` (Apache's default): messages follow each other
    /// with no delimiter; a message ends where its encoding ends.
    Unframed,
    /// THeader (`THeaderTransport`): each message in a header frame that
    /// names its protocol (binary or compact), its payload transforms (zlib)
    /// and carries info key/value headers. A server answers each frame in
    /// the request's protocol and transforms.
    Header,
}

impl fmt::Display for Framing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Framing::Framed => "framed",
            Framing::Unframed => "unframed",
            Framing::Header => "header",
        })
    }
}

/// A protocol reader over one received message, positioned after the
/// message header. One variant per protocol so that decoding dispatches once
/// per message, not per field.
#[derive(Debug, Clone)]
pub enum MessageReader {
    /// A binary-protocol message.
    Binary(BinaryReader),
    /// A compact-protocol message.
    Compact(CompactReader),
    /// A JSON-protocol message.
    Json(JsonReader),
}

impl MessageReader {
    /// The protocol the message is in.
    pub fn protocol(&self) -> Protocol {
        match self {
            MessageReader::Binary(_) => Protocol::Binary,
            MessageReader::Compact(_) => Protocol::Compact,
            MessageReader::Json(_) => Protocol::Json,
        }
    }

    /// Reads the message header (the reader must be at the message start).
    pub fn read_header(&mut self) -> ProtocolResult<MessageHeader> {
        match self {
            MessageReader::Binary(reader) => reader.read_message_begin(),
            MessageReader::Compact(reader) => reader.read_message_begin(),
            MessageReader::Json(reader) => reader.read_message_begin(),
        }
    }

    /// Bytes of the frame not read yet.
    pub fn remaining(&self) -> usize {
        match self {
            MessageReader::Binary(reader) => reader.remaining(),
            MessageReader::Compact(reader) => reader.remaining(),
            MessageReader::Json(reader) => reader.remaining(),
        }
    }

    /// Decodes the message body (an args or result struct) and the message
    /// end.
    #[inline]
    pub fn read_body<T: Decode>(&mut self) -> ProtocolResult<T> {
        match self {
            MessageReader::Binary(reader) => read_body_with(reader),
            MessageReader::Compact(reader) => read_body_with(reader),
            MessageReader::Json(reader) => read_body_with(reader),
        }
    }
}

#[inline]
fn read_body_with<T: Decode, R: ProtocolReader>(reader: &mut R) -> ProtocolResult<T> {
    let body = T::decode(reader)?;
    reader.read_message_end()?;
    Ok(body)
}

/// A received message: its header, and a reader over its body.
#[derive(Debug, Clone)]
pub struct IncomingMessage {
    /// The decoded message header.
    pub header: MessageHeader,
    /// The body, not decoded yet.
    pub body: MessageReader,
    /// Headers that came with it (THeader info headers, HTTP headers);
    /// empty over plain framed and unframed transports.
    pub headers: crate::context::Metadata,
}

impl IncomingMessage {
    /// A message without headers.
    #[inline]
    pub fn new(header: MessageHeader, body: MessageReader) -> Self {
        IncomingMessage {
            header,
            body,
            headers: crate::context::Metadata::new(),
        }
    }
}
