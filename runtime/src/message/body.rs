//! Outgoing message bodies: the type-erased [`EncodeBody`] and the encoding
//! of a whole message, framed or not, into a connection's write buffer.

use bytes::BufMut;

use super::{Framing, Protocol};
use crate::codec::Encode;
use crate::protocol::{
    BinaryWriter, CompactWriter, JsonWriter, MessageType, ProtocolError, ProtocolErrorKind,
    ProtocolResult, ProtocolWriter,
};

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

/// Appends a message to `out` in a THeader frame written as `write` says
/// (transforms, info headers). On error `out` is restored to its previous
/// length.
pub(crate) fn encode_header_message(
    protocol: Protocol,
    out: &mut Vec<u8>,
    name: &str,
    kind: MessageType,
    seqid: i32,
    body: &dyn EncodeBody,
    write: &crate::transport::theader::HeaderWrite,
) -> ProtocolResult<()> {
    let start = out.len();
    if let Err(err) = encode_message(protocol, out, name, kind, seqid, body) {
        out.truncate(start);
        return Err(err);
    }
    wrap_header(out, start, protocol, seqid, write)
}

/// Wraps the message at `out[start..]` in a THeader frame; on error `out`
/// is restored to `start`.
fn wrap_header(
    out: &mut Vec<u8>,
    start: usize,
    protocol: Protocol,
    seqid: i32,
    write: &crate::transport::theader::HeaderWrite,
) -> ProtocolResult<()> {
    crate::transport::theader::wrap_message(out, start, protocol, seqid, write).map_err(|text| {
        out.truncate(start);
        ProtocolError::new(ProtocolErrorKind::InvalidData, text)
    })
}

/// Appends a message to `out` in `framing`: for [`Framing::Framed`] the
/// length prefix and the body land in the same buffer, so they go out in one
/// write; [`Framing::Header`] wraps it in a THeader frame without transforms
/// or info headers ([`crate::transport::theader::wrap_message`]). On error
/// `out` is restored to its previous length.
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
    if framing == Framing::Header {
        let write = crate::transport::theader::HeaderWrite::default();
        wrap_header(out, start, protocol, seqid, &write)?;
    }
    if framing == Framing::Framed {
        let body_len = out.len() - start - 4;
        let Ok(prefix) = u32::try_from(body_len) else {
            out.truncate(start);
            return Err(ProtocolError::new(
                ProtocolErrorKind::SizeLimit,
                format!("message of {body_len} bytes does not fit in a frame"),
            ));
        };
        if let Some(slot) = out.get_mut(start..start + 4) {
            slot.copy_from_slice(&prefix.to_be_bytes());
        }
    }
    Ok(())
}
