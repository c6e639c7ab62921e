//! Splitting a byte stream into messages.
//!
//! Framed: a 4-byte big-endian length, then the message; the frame becomes a
//! zero-copy [`Bytes`] slice of the read buffer.
//!
//! Unframed: a message ends where its encoding ends, so the decoder runs the
//! protocol's reader over the buffered bytes (header, then a skip of the
//! body). Running out of bytes means "read more and try again". Rescanning a
//! large message on every read would be quadratic, so once a partial message
//! is larger than [`RESCAN_FREELY_BELOW`] it is rescanned only when the
//! buffer has doubled since the last attempt, or when the socket has nothing
//! more to give (the caller then passes `socket_drained`).
//!
//! Header: framed as above, the frame read by [`super::theader`]; the
//! decoder keeps the last frame's protocol and transforms, which the server
//! mirrors in its replies ([`MessageDecoder::reply_header`]).

use bytes::{Buf, Bytes, BytesMut};

use super::theader::{self, HeaderError, HeaderWrite};
use crate::context::Metadata;
use crate::message::{Framing, IncomingMessage, MessageReader, Protocol};
use crate::protocol::{
    Limits, MessageHeader, ProtocolError, ProtocolErrorKind, ProtocolReader, TType, skip,
};

/// Partial unframed messages below this size are rescanned on every read.
const RESCAN_FREELY_BELOW: usize = 64 * 1024;

/// Why the stream cannot be decoded any further.
#[derive(Debug)]
pub(crate) enum DecodeError {
    /// A frame declared a length above the maximum frame size.
    FrameTooLarge {
        /// The declared length.
        size: usize,
        /// The configured maximum.
        max: usize,
    },
    /// The bytes are not a valid message. `header` is set when the header
    /// could be read, so the peer can still be told what went wrong.
    Malformed {
        header: Option<MessageHeader>,
        error: ProtocolError,
    },
    /// A THeader frame that cannot be read.
    Header(HeaderError),
}

/// Splits one connection's input into messages of a known protocol and
/// framing.
#[derive(Debug)]
pub(crate) struct MessageDecoder {
    protocol: Protocol,
    framing: Framing,
    limits: Limits,
    /// Unframed only: buffered bytes below which a partial message is not
    /// rescanned.
    rescan_at: usize,
    /// Header only: the transforms of the last frame read.
    transforms: Vec<theader::Transform>,
    /// Header only: the last frame came inside a framed frame.
    in_frame: bool,
}

impl MessageDecoder {
    /// A decoder for `protocol` in `framing`.
    pub(crate) fn new(protocol: Protocol, framing: Framing, limits: Limits) -> Self {
        MessageDecoder {
            protocol,
            framing,
            limits,
            rescan_at: 0,
            transforms: Vec::new(),
            in_frame: false,
        }
    }

    /// How a reply to the last message read is framed: for
    /// [`Framing::Header`], with the request's transforms (the protocol is
    /// [`MessageDecoder::protocol`], the last frame's); `None` otherwise.
    pub(crate) fn reply_header(&self) -> Option<HeaderWrite> {
        (self.framing == Framing::Header).then(|| HeaderWrite {
            transforms: self.transforms.clone(),
            info: Vec::new(),
            in_frame: self.in_frame,
        })
    }

    /// The protocol messages are in (for header framing: the last frame's).
    pub(crate) fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// The framing messages are in.
    pub(crate) fn framing(&self) -> Framing {
        self.framing
    }

    /// Whether a partial message in `buf` is waiting for the socket to drain
    /// (or the buffer to double) before it is rescanned.
    pub(crate) fn rescan_deferred(&self, buf: &BytesMut) -> bool {
        self.framing == Framing::Unframed && buf.len() < self.rescan_at
    }

    /// Takes the next complete message out of `buf`, or `None` when more
    /// bytes are needed. `socket_drained` says the last read found no more
    /// data, which lets a deferred rescan of a large unframed message run.
    pub(crate) fn next(
        &mut self,
        buf: &mut BytesMut,
        socket_drained: bool,
    ) -> Result<Option<IncomingMessage>, DecodeError> {
        match self.framing {
            Framing::Framed | Framing::Header => self.next_framed(buf),
            Framing::Unframed => self.next_unframed(buf, socket_drained),
        }
    }

    fn next_framed(&mut self, buf: &mut BytesMut) -> Result<Option<IncomingMessage>, DecodeError> {
        let Some(prefix) = buf.get(..4) else {
            return Ok(None);
        };
        let mut len_bytes = [0u8; 4];
        len_bytes.copy_from_slice(prefix);
        let len = u32::from_be_bytes(len_bytes) as usize;
        if len > self.limits.max_frame_size {
            return Err(DecodeError::FrameTooLarge {
                size: len,
                max: self.limits.max_frame_size,
            });
        }
        let total = len.saturating_add(4);
        if buf.len() < total {
            buf.reserve(total - buf.len());
            return Ok(None);
        }
        buf.advance(4);
        let mut frame = buf.split_to(len).freeze();
        let mut headers = Metadata::new();
        if self.framing == Framing::Header {
            // Apache's test programs put THeader inside TFramedTransport.
            self.in_frame = theader::is_whole_frame(&frame);
            if self.in_frame {
                frame.advance(4);
            }
            let read = theader::read_frame(frame, &self.limits).map_err(DecodeError::Header)?;
            self.protocol = read.protocol;
            self.transforms = read.transforms;
            headers = Metadata::from_pairs(read.info);
            frame = read.payload;
        }
        let mut body = self.protocol.reader(frame, self.limits);
        match body.read_header() {
            Ok(header) => Ok(Some(IncomingMessage {
                header,
                body,
                headers,
            })),
            Err(error) => Err(DecodeError::Malformed {
                header: None,
                error,
            }),
        }
    }

    fn next_unframed(
        &mut self,
        buf: &mut BytesMut,
        socket_drained: bool,
    ) -> Result<Option<IncomingMessage>, DecodeError> {
        if buf.is_empty() || (buf.len() < self.rescan_at && !socket_drained) {
            return Ok(None);
        }
        let data = buf.split().freeze();
        let mut reader = self.protocol.reader(data.clone(), self.limits);
        let mut header = None;
        let scanned = scan_message(&mut reader, &mut header);
        match scanned {
            Ok(body) => {
                let consumed = data.len() - reader.remaining();
                drop(reader);
                restore(buf, data, consumed);
                self.rescan_at = 0;
                match header {
                    Some(header) => Ok(Some(IncomingMessage::new(header, body))),
                    None => Err(DecodeError::Malformed {
                        header: None,
                        error: ProtocolError::invalid("message without a header"),
                    }),
                }
            }
            Err(error) if self.is_incomplete(&error, data.len()) => {
                drop(reader);
                let partial = data.len();
                restore(buf, data, 0);
                self.rescan_at = if partial < RESCAN_FREELY_BELOW {
                    0
                } else {
                    partial.saturating_mul(2)
                };
                Ok(None)
            }
            Err(error) => Err(DecodeError::Malformed { header, error }),
        }
    }

    /// Whether a scan failed only because the message is not all there yet.
    /// A size-limit error can mean "longer than the bytes left", so it counts
    /// as incomplete until the message size limit is reached.
    fn is_incomplete(&self, error: &ProtocolError, buffered: usize) -> bool {
        match error.kind() {
            ProtocolErrorKind::UnexpectedEof => buffered < self.limits.max_message_size,
            ProtocolErrorKind::SizeLimit => buffered < self.limits.max_message_size,
            _ => false,
        }
    }
}

/// Reads a message header and skips its body and end. Returns a reader
/// positioned after the header (for the real decode later).
fn scan_message(
    reader: &mut MessageReader,
    header: &mut Option<MessageHeader>,
) -> Result<MessageReader, ProtocolError> {
    *header = Some(reader.read_header()?);
    let body = reader.clone();
    match reader {
        MessageReader::Binary(r) => skip_body(r)?,
        MessageReader::Compact(r) => skip_body(r)?,
        MessageReader::Json(r) => skip_body(r)?,
    }
    Ok(body)
}

fn skip_body<R: ProtocolReader>(reader: &mut R) -> Result<(), ProtocolError> {
    skip(reader, TType::Struct)?;
    reader.read_message_end()
}

/// Puts the unconsumed bytes of `data` (from `consumed` on) back into `buf`,
/// which `data` was split from. Reuses the allocation when nothing else
/// shares it; otherwise copies the (partial-message) tail.
fn restore(buf: &mut BytesMut, data: Bytes, consumed: usize) {
    if consumed == 0 {
        match data.try_into_mut() {
            Ok(whole) => {
                buf.unsplit(whole);
                if buf.capacity() == buf.len() {
                    buf.reserve(buf.len());
                }
            }
            Err(shared) => buf.extend_from_slice(&shared),
        }
    } else if let Some(rest) = data.get(consumed..)
        && !rest.is_empty()
    {
        buf.extend_from_slice(rest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::{Protocol, encode_framed_message};
    use crate::protocol::MessageType;

    fn message(protocol: Protocol, framing: Framing, seqid: i32) -> Vec<u8> {
        let mut out = Vec::new();
        let body = crate::ApplicationException::new(
            crate::ApplicationExceptionKind::Unknown,
            "x".repeat(seqid as usize),
        );
        encode_framed_message(
            protocol,
            framing,
            &mut out,
            "method",
            MessageType::Call,
            seqid,
            &body,
        )
        .unwrap();
        out
    }

    #[test]
    fn splits_messages_fed_byte_by_byte() {
        for protocol in [Protocol::Binary, Protocol::Compact, Protocol::Json] {
            for framing in [Framing::Framed, Framing::Unframed] {
                let mut stream = Vec::new();
                for seqid in 1..4 {
                    stream.extend(message(protocol, framing, seqid));
                }
                let mut decoder = MessageDecoder::new(protocol, framing, Limits::default());
                let mut buf = BytesMut::new();
                let mut seen = Vec::new();
                for byte in stream {
                    buf.extend_from_slice(&[byte]);
                    while let Some(mut msg) = decoder.next(&mut buf, true).unwrap() {
                        let body: crate::ApplicationException = msg.body.read_body().unwrap();
                        assert_eq!(body.message.len(), msg.header.seqid as usize);
                        seen.push(msg.header.seqid);
                    }
                }
                assert_eq!(seen, vec![1, 2, 3], "{protocol} {framing}");
                assert!(buf.is_empty());
            }
        }
    }

    #[test]
    fn rejects_oversized_frames_and_garbage() {
        let limits = Limits {
            max_frame_size: 10,
            ..Limits::default()
        };
        let mut decoder = MessageDecoder::new(Protocol::Binary, Framing::Framed, limits);
        let mut buf = BytesMut::from(&[0u8, 0, 0, 11][..]);
        assert!(matches!(
            decoder.next(&mut buf, true),
            Err(DecodeError::FrameTooLarge { size: 11, max: 10 })
        ));
        let mut decoder =
            MessageDecoder::new(Protocol::Compact, Framing::Unframed, Limits::default());
        let mut buf = BytesMut::from(&b"\x82\x77garbage"[..]);
        assert!(matches!(
            decoder.next(&mut buf, true),
            Err(DecodeError::Malformed { .. })
        ));
    }
}
