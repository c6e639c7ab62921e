//! The request and reply types both sides of an RPC share.
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

use std::borrow::Cow;
use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::{BufMut, Bytes};

use crate::application_exception::{ApplicationException, ApplicationExceptionKind};
use crate::codec::{Decode, Encode};
use crate::error::Error;
use crate::protocol::{
    BinaryReader, BinaryWriter, CompactReader, CompactWriter, JsonReader, JsonWriter, Limits,
    MessageHeader, MessageType, ProtocolError, ProtocolReader, ProtocolResult, ProtocolWriter,
};

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
}

impl fmt::Display for Framing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Framing::Framed => "framed",
            Framing::Unframed => "unframed",
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
}

/// A message body that can be encoded with any protocol, type-erased so that
/// requests and replies of every method share one type.
///
/// Implemented for every [`Encode`] type; generated args and result structs
/// never implement it by hand.
pub trait EncodeBody: Send + Sync + 'static {
    /// Encodes with the binary protocol.
    fn encode_binary(&self, writer: &mut BinaryWriter<&mut Vec<u8>>) -> ProtocolResult<()>;
    /// Encodes with the compact protocol.
    fn encode_compact(&self, writer: &mut CompactWriter<&mut Vec<u8>>) -> ProtocolResult<()>;
    /// Encodes with the JSON protocol.
    fn encode_json(&self, writer: &mut JsonWriter<&mut Vec<u8>>) -> ProtocolResult<()>;
}

impl<T: Encode + Send + Sync + 'static> EncodeBody for T {
    fn encode_binary(&self, writer: &mut BinaryWriter<&mut Vec<u8>>) -> ProtocolResult<()> {
        self.encode(writer)
    }
    fn encode_compact(&self, writer: &mut CompactWriter<&mut Vec<u8>>) -> ProtocolResult<()> {
        self.encode(writer)
    }
    fn encode_json(&self, writer: &mut JsonWriter<&mut Vec<u8>>) -> ProtocolResult<()> {
        self.encode(writer)
    }
}

/// Appends one whole message (header, body, end) to `out` with `protocol`.
/// On error `out` may hold a partial message; callers truncate it.
pub(crate) fn encode_message(
    protocol: Protocol,
    out: &mut Vec<u8>,
    name: &str,
    kind: MessageType,
    seqid: i32,
    body: &dyn EncodeBody,
) -> ProtocolResult<()> {
    match protocol {
        Protocol::Binary => {
            let mut writer = BinaryWriter::new(out);
            writer.write_message_begin(name, kind, seqid)?;
            body.encode_binary(&mut writer)?;
            writer.write_message_end()
        }
        Protocol::Compact => {
            let mut writer = CompactWriter::new(out);
            writer.write_message_begin(name, kind, seqid)?;
            body.encode_compact(&mut writer)?;
            writer.write_message_end()
        }
        Protocol::Json => {
            let mut writer = JsonWriter::new(out);
            writer.write_message_begin(name, kind, seqid)?;
            body.encode_json(&mut writer)?;
            writer.write_message_end()
        }
    }
}

/// Appends a message to `out` in `framing`: for [`Framing::Framed`] the
/// length prefix and the body land in the same buffer, so they go out in one
/// write. On error `out` is restored to its previous length.
pub(crate) fn encode_framed_message(
    protocol: Protocol,
    framing: Framing,
    out: &mut Vec<u8>,
    name: &str,
    kind: MessageType,
    seqid: i32,
    body: &dyn EncodeBody,
) -> ProtocolResult<()> {
    let start = out.len();
    if framing == Framing::Framed {
        out.put_u32(0);
    }
    let result = encode_message(protocol, out, name, kind, seqid, body);
    if let Err(err) = result {
        out.truncate(start);
        return Err(err);
    }
    if framing == Framing::Framed {
        let body_len = out.len() - start - 4;
        let Ok(prefix) = u32::try_from(body_len) else {
            out.truncate(start);
            return Err(ProtocolError::new(
                crate::protocol::ProtocolErrorKind::SizeLimit,
                format!("message of {body_len} bytes does not fit in a frame"),
            ));
        };
        if let Some(slot) = out.get_mut(start..start + 4) {
            slot.copy_from_slice(&prefix.to_be_bytes());
        }
    }
    Ok(())
}

/// A call as the server sees it: the header, the undecoded arguments, and
/// where it came from.
///
/// The header's name is the bare method name: under TMultiplexedProtocol the
/// `Service:` prefix has already been removed by the
/// [`MultiplexedService`](crate::server::MultiplexedService).
#[derive(Debug, Clone)]
pub struct ServerRequest {
    /// The call's header and argument reader.
    pub message: IncomingMessage,
    /// The peer's address.
    pub peer: SocketAddr,
}

impl ServerRequest {
    /// The method name.
    #[inline]
    pub fn method(&self) -> &str {
        &self.message.header.name
    }

    /// The sequence id the reply must carry.
    #[inline]
    pub fn seqid(&self) -> i32 {
        self.message.header.seqid
    }

    /// Call or oneway (or, from a misbehaving client, something else).
    #[inline]
    pub fn kind(&self) -> MessageType {
        self.message.header.kind
    }

    /// The protocol the call arrived in (replies use the same).
    #[inline]
    pub fn protocol(&self) -> Protocol {
        self.message.body.protocol()
    }

    /// Decodes the arguments struct and the message end.
    #[inline]
    pub fn decode_args<T: Decode>(&mut self) -> ProtocolResult<T> {
        self.message.body.read_body()
    }

    /// Consumes the request, keeping what a reply needs.
    #[inline]
    pub fn into_reply_to(self) -> ReplyTo {
        ReplyTo {
            name: self.message.header.name,
            seqid: self.message.header.seqid,
        }
    }

    /// The `UNKNOWN_METHOD` exception reply for this request (none for a
    /// oneway call, which is never answered).
    pub fn unknown_method(self) -> Option<ServerReply> {
        let message = format!("Unknown method {}", self.method());
        self.fail(ApplicationExceptionKind::UnknownMethod, message)
    }

    /// The `PROTOCOL_ERROR` exception reply for arguments that could not be
    /// decoded (none for a oneway call).
    pub fn protocol_error(self, err: &ProtocolError) -> Option<ServerReply> {
        self.fail(ApplicationExceptionKind::ProtocolError, err.to_string())
    }

    fn fail(self, kind: ApplicationExceptionKind, message: String) -> Option<ServerReply> {
        if self.kind() == MessageType::Oneway {
            return None;
        }
        Some(
            self.into_reply_to()
                .exception(ApplicationException::new(kind, message)),
        )
    }
}

/// What a reply must echo from its call: the method name and the sequence id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyTo {
    /// The (bare) method name.
    pub name: String,
    /// The call's sequence id.
    pub seqid: i32,
}

impl ReplyTo {
    /// A `REPLY` message carrying `result` (the method's result struct).
    #[inline]
    pub fn reply<T: Encode + Send + Sync + 'static>(self, result: T) -> ServerReply {
        ServerReply {
            name: self.name,
            kind: MessageType::Reply,
            seqid: self.seqid,
            body: Box::new(result),
        }
    }

    /// An `EXCEPTION` message carrying `exception`.
    pub fn exception(self, exception: ApplicationException) -> ServerReply {
        ServerReply {
            name: self.name,
            kind: MessageType::Exception,
            seqid: self.seqid,
            body: Box::new(exception),
        }
    }
}

/// A server's answer to one call, encoded by the connection in the call's
/// protocol and framing.
pub struct ServerReply {
    /// The method name (bare, also under TMultiplexedProtocol).
    pub name: String,
    /// `Reply` or `Exception`.
    pub kind: MessageType,
    /// The call's sequence id.
    pub seqid: i32,
    /// The result struct or the `TApplicationException`.
    pub body: Box<dyn EncodeBody>,
}

impl fmt::Debug for ServerReply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerReply")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("seqid", &self.seqid)
            .finish_non_exhaustive()
    }
}

/// A call as a client sends it. The sequence id is chosen by the channel that
/// sends it, and the arguments are encoded in that channel's protocol.
///
/// Cheap to clone (the arguments are shared), so retry layers can resend it.
#[derive(Clone)]
pub struct ClientRequest {
    /// The method name (a multiplexing channel or layer prefixes it with
    /// `Service:`).
    pub method: Cow<'static, str>,
    /// `Call` or `Oneway`.
    pub kind: MessageType,
    /// The arguments struct.
    pub args: Arc<dyn EncodeBody>,
}

impl ClientRequest {
    /// A two-way call of `method` with the `args` struct.
    #[inline]
    pub fn call<T: Encode + Send + Sync + 'static>(method: &'static str, args: T) -> Self {
        ClientRequest {
            method: Cow::Borrowed(method),
            kind: MessageType::Call,
            args: Arc::new(args),
        }
    }

    /// A oneway call of `method`: completes once written, gets no reply.
    #[inline]
    pub fn oneway<T: Encode + Send + Sync + 'static>(method: &'static str, args: T) -> Self {
        ClientRequest {
            method: Cow::Borrowed(method),
            kind: MessageType::Oneway,
            args: Arc::new(args),
        }
    }
}

impl fmt::Debug for ClientRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientRequest")
            .field("method", &self.method)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// What a client gets back for one request.
#[derive(Debug, Clone)]
pub enum ClientReply {
    /// A oneway request was written to the socket.
    Sent,
    /// The server's reply to a two-way call.
    Message(IncomingMessage),
}

impl ClientReply {
    /// Decodes a two-way call's result struct. A `TApplicationException`
    /// reply becomes [`Error::Application`]; any other message type is an
    /// `INVALID_MESSAGE_TYPE` application error.
    pub fn decode_result<T: Decode>(self) -> Result<T, Error> {
        let ClientReply::Message(mut message) = self else {
            return Err(Error::Application(ApplicationException::new(
                ApplicationExceptionKind::MissingResult,
                "a oneway request has no result",
            )));
        };
        match message.header.kind {
            MessageType::Reply => Ok(message.body.read_body()?),
            MessageType::Exception => Err(Error::Application(
                message.body.read_body::<ApplicationException>()?,
            )),
            other => Err(Error::Application(ApplicationException::new(
                ApplicationExceptionKind::InvalidMessageType,
                format!("expected a reply, got a {other:?} message"),
            ))),
        }
    }
}

/// The `MISSING_RESULT` error a generated client returns when a reply has
/// neither a success value nor a declared exception.
pub fn missing_result(method: &str) -> Error {
    Error::Application(ApplicationException::new(
        ApplicationExceptionKind::MissingResult,
        format!("{method} failed: unknown result"),
    ))
}
