//! Thrift messages to and from broker message bodies: encoding a client's
//! request in a channel's protocol, and reading the header of a received
//! body in the protocol its content type names.

use bytes::Bytes;
use trift::protocol::{
    BinaryWriter, CompactWriter, JsonWriter, Limits, MessageType, ProtocolError, ProtocolErrorKind,
    ProtocolResult, ProtocolWriter,
};
use trift::{IncomingMessage, Protocol};

use trift::message::EncodeBody;

/// Encodes one whole unframed message (header, `body`, end) in `protocol`.
pub(crate) fn encode(
    protocol: Protocol,
    name: &str,
    kind: MessageType,
    seqid: i32,
    body: &dyn EncodeBody,
) -> ProtocolResult<Vec<u8>> {
    let mut out = Vec::new();
    match protocol {
        Protocol::Binary => {
            let mut writer = BinaryWriter::new(&mut out);
            writer.write_message_begin(name, kind, seqid)?;
            body.encode_binary(&mut writer)?;
            writer.write_message_end()?;
        }
        Protocol::Compact => {
            let mut writer = CompactWriter::new(&mut out);
            writer.write_message_begin(name, kind, seqid)?;
            body.encode_compact(&mut writer)?;
            writer.write_message_end()?;
        }
        Protocol::Json => {
            let mut writer = JsonWriter::new(&mut out);
            writer.write_message_begin(name, kind, seqid)?;
            body.encode_json(&mut writer)?;
            writer.write_message_end()?;
        }
    }
    Ok(out)
}

/// Reads the message header of `body` in `protocol` under `limits`,
/// leaving the rest for the generated code to decode. A body above
/// `limits.max_message_size` is refused unread.
pub(crate) fn incoming(
    protocol: Protocol,
    body: Bytes,
    limits: Limits,
) -> ProtocolResult<IncomingMessage> {
    if body.len() > limits.max_message_size {
        return Err(ProtocolError::new(
            ProtocolErrorKind::SizeLimit,
            format!(
                "message of {} bytes exceeds the limit of {}",
                body.len(),
                limits.max_message_size
            ),
        ));
    }
    let mut reader = protocol.reader(body, limits);
    let header = reader.read_header()?;
    Ok(IncomingMessage::new(header, reader))
}
