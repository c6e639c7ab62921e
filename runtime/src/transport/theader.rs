//! THeader frames (Apache's `doc/specs/HeaderFormat.md`): reading one frame
//! into its payload, and wrapping an encoded message into one.
//!
//! ```text
//! i32  length of what follows
//! u16  magic 0x0FFF
//! u16  flags
//! i32  sequence id
//! u16  header size in 4-byte words
//! header: varint protocol id (0 binary, 2 compact), varint transform count,
//!         the transform ids (1 zlib), info headers (type 1: a varint count
//!         of key/value string pairs, each string a varint length and bytes),
//!         zero padding to the word size
//! payload: the message, after the transforms in the order listed
//! ```
//!
//! Every length is checked against the frame and the limits before it is
//! used; the zlib payload is inflated to at most the message size limit, so a
//! zip bomb costs that much and no more. Each way a frame can be wrong is one
//! [`HeaderError`].

use std::io::{Read, Write};

use bytes::{BufMut, Bytes};

use crate::message::Protocol;
use crate::protocol::Limits;
use crate::protocol::varint;

/// The magic number in the first two bytes after the length.
pub(crate) const MAGIC: u16 = 0x0FFF;
/// The fixed part after the length: magic, flags, sequence id, header size.
const FIXED: usize = 10;
/// Protocol ids of the header.
const BINARY_ID: u64 = 0;
const COMPACT_ID: u64 = 2;
/// The one info header type: key/value string pairs.
const INFO_KEY_VALUE: u64 = 1;

/// A transform applied to a frame's payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Transform {
    /// zlib (RFC 1950) compression, transform id 1.
    Zlib,
}

impl Transform {
    const ZLIB_ID: u64 = 1;

    fn id(self) -> u64 {
        match self {
            Transform::Zlib => Self::ZLIB_ID,
        }
    }
}

/// Why a THeader frame cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HeaderError {
    /// The frame is shorter than its fixed part.
    #[error("THeader frame of {0} bytes is shorter than its fixed part")]
    TooShort(usize),
    /// The first two bytes are not 0x0FFF.
    #[error("THeader frame has magic {0:#06x}, not 0x0fff")]
    BadMagic(u16),
    /// The header size points past the end of the frame.
    #[error("THeader header of {header} bytes does not fit in a frame of {frame}")]
    HeaderTooLarge {
        /// The declared header size in bytes.
        header: usize,
        /// The frame size in bytes.
        frame: usize,
    },
    /// A varint or a string of the header runs past the header's end.
    #[error("THeader header is truncated or malformed ({0})")]
    Malformed(&'static str),
    /// The protocol id is neither binary (0) nor compact (2).
    #[error("THeader protocol id {0} is not supported")]
    UnknownProtocol(u64),
    /// A transform id this implementation does not know.
    #[error("THeader transform {0} is not supported")]
    UnknownTransform(u64),
    /// The zlib payload is not a valid zlib stream.
    #[error("THeader zlib payload is invalid: {0}")]
    Inflate(String),
    /// The zlib payload inflates to more than the message size limit.
    #[error("THeader payload inflates to more than {max} bytes")]
    InflatedTooLarge {
        /// The limit.
        max: usize,
    },
}

/// One THeader frame, read: the payload after its transforms, and the
/// header's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeaderFrame {
    /// The protocol of the payload.
    pub(crate) protocol: Protocol,
    /// The frame's sequence id.
    pub(crate) seqid: i32,
    /// The frame's flags.
    pub(crate) flags: u16,
    /// The transforms, in the order the sender applied them.
    pub(crate) transforms: Vec<Transform>,
    /// The info key/value headers, in wire order.
    pub(crate) info: Vec<(String, String)>,
    /// The message.
    pub(crate) payload: Bytes,
}

/// A cursor over the header section, every read bounded by its end.
struct HeaderCursor<'a> {
    bytes: &'a [u8],
}

impl HeaderCursor<'_> {
    fn varint(&mut self, what: &'static str) -> Result<u64, HeaderError> {
        let (value, used) =
            varint::decode_u64(self.bytes).map_err(|_| HeaderError::Malformed(what))?;
        self.bytes = self.bytes.get(used..).unwrap_or_default();
        Ok(value)
    }

    /// A count of items that take at least one byte each.
    fn count(&mut self, what: &'static str) -> Result<usize, HeaderError> {
        let count = self.varint(what)?;
        match usize::try_from(count) {
            Ok(count) if count <= self.bytes.len() => Ok(count),
            _ => Err(HeaderError::Malformed(what)),
        }
    }

    fn string(&mut self, what: &'static str) -> Result<String, HeaderError> {
        let len = self.count(what)?;
        let (text, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        // Apache's headers are bytes; non-UTF-8 bytes are kept readable.
        Ok(String::from_utf8_lossy(text).into_owned())
    }
}

/// Reads one frame (the bytes after the 4-byte length, already checked
/// against the frame size limit).
pub(crate) fn read_frame(frame: Bytes, limits: &Limits) -> Result<HeaderFrame, HeaderError> {
    let fixed = frame
        .get(..FIXED)
        .ok_or(HeaderError::TooShort(frame.len()))?;
    let word = |at: usize| u16::from_be_bytes([fixed[at], fixed[at + 1]]);
    if word(0) != MAGIC {
        return Err(HeaderError::BadMagic(word(0)));
    }
    let flags = word(2);
    let seqid = i32::from_be_bytes([fixed[4], fixed[5], fixed[6], fixed[7]]);
    let header_len = usize::from(word(8)) * 4;
    let end = FIXED + header_len;
    let Some(header) = frame.get(FIXED..end) else {
        return Err(HeaderError::HeaderTooLarge {
            header: header_len,
            frame: frame.len(),
        });
    };
    let mut cursor = HeaderCursor { bytes: header };
    let protocol = match cursor.varint("protocol id")? {
        BINARY_ID => Protocol::Binary,
        COMPACT_ID => Protocol::Compact,
        other => return Err(HeaderError::UnknownProtocol(other)),
    };
    let count = cursor.count("transform count")?;
    let mut transforms = Vec::with_capacity(count);
    for _ in 0..count {
        match cursor.varint("transform id")? {
            Transform::ZLIB_ID => transforms.push(Transform::Zlib),
            other => return Err(HeaderError::UnknownTransform(other)),
        }
    }
    let mut info = Vec::new();
    // Info headers until the padding (zero bytes) or an unknown type, whose
    // layout cannot be known, as Apache's readers do.
    while cursor.bytes.first().is_some_and(|&b| b != 0) {
        if cursor.varint("info header type")? != INFO_KEY_VALUE {
            break;
        }
        let pairs = cursor.count("info header count")?;
        for _ in 0..pairs {
            let key = cursor.string("info header key")?;
            let value = cursor.string("info header value")?;
            info.push((key, value));
        }
    }
    let mut payload = frame.slice(end..);
    for transform in transforms.iter().rev() {
        payload = match transform {
            Transform::Zlib => inflate(&payload, limits.max_message_size)?,
        };
    }
    Ok(HeaderFrame {
        protocol,
        seqid,
        flags,
        transforms,
        info,
        payload,
    })
}

/// Inflates a zlib stream to at most `max` bytes.
fn inflate(compressed: &[u8], max: usize) -> Result<Bytes, HeaderError> {
    let decoder = flate2::read::ZlibDecoder::new(compressed);
    let mut out = Vec::new();
    let cap = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    decoder
        .take(cap)
        .read_to_end(&mut out)
        .map_err(|err| HeaderError::Inflate(err.to_string()))?;
    if out.len() > max {
        return Err(HeaderError::InflatedTooLarge { max });
    }
    Ok(Bytes::from(out))
}

/// What a frame written by [`wrap_message`] carries besides the message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct HeaderWrite {
    /// The transforms to apply, in order.
    pub(crate) transforms: Vec<Transform>,
    /// Info key/value headers.
    pub(crate) info: Vec<(String, String)>,
    /// The header frame goes inside a framed frame (another length
    /// prefix), as Apache's test programs send THeader over
    /// `TFramedTransport`.
    pub(crate) in_frame: bool,
}

/// Turns the message encoded at `out[start..]` into one THeader frame (length
/// included) in place: `protocol` is the message's, `seqid` goes into the
/// frame header. Fails only for a protocol THeader cannot carry (JSON) or a
/// frame whose header or length cannot be represented.
pub(crate) fn wrap_message(
    out: &mut Vec<u8>,
    start: usize,
    protocol: Protocol,
    seqid: i32,
    write: &HeaderWrite,
) -> Result<(), String> {
    let protocol_id = match protocol {
        Protocol::Binary => BINARY_ID,
        Protocol::Compact => COMPACT_ID,
        Protocol::Json => return Err("THeader carries binary or compact, not JSON".into()),
    };
    let mut payload = out.split_off(start);
    for transform in &write.transforms {
        payload = match transform {
            Transform::Zlib => deflate(&payload).map_err(|err| err.to_string())?,
        };
    }
    let mut header = Vec::new();
    varint::put_u64(&mut header, protocol_id);
    varint::put_u64(&mut header, write.transforms.len() as u64);
    for transform in &write.transforms {
        varint::put_u64(&mut header, transform.id());
    }
    if !write.info.is_empty() {
        varint::put_u64(&mut header, INFO_KEY_VALUE);
        varint::put_u64(&mut header, write.info.len() as u64);
        for (key, value) in &write.info {
            for text in [key, value] {
                varint::put_u64(&mut header, text.len() as u64);
                header.extend_from_slice(text.as_bytes());
            }
        }
    }
    header.resize(header.len().next_multiple_of(4), 0);
    let words = u16::try_from(header.len() / 4)
        .map_err(|_| format!("THeader header of {} bytes is too large", header.len()))?;
    let length = u32::try_from(FIXED + header.len() + payload.len())
        .map_err(|_| "THeader frame does not fit a 32-bit length".to_string())?;
    out.reserve(4 + length as usize);
    out.put_u32(length);
    out.put_u16(MAGIC);
    out.put_u16(0);
    out.put_i32(seqid);
    out.put_u16(words);
    out.extend_from_slice(&header);
    out.extend_from_slice(&payload);
    if write.in_frame {
        let outer = length
            .checked_add(4)
            .ok_or_else(|| "THeader frame does not fit a 32-bit length".to_string())?;
        out.splice(start..start, outer.to_be_bytes());
    }
    Ok(())
}

/// Whether `frame` is exactly one whole header frame, its length prefix
/// included: a framed frame's content when Apache's test programs nest
/// THeader in `TFramedTransport`, or an HTTP body of `THeaderProtocol`
/// over `THttpClient`.
pub(crate) fn is_whole_frame(frame: &[u8]) -> bool {
    let Some(inner) = frame.get(..4) else {
        return false;
    };
    let inner_len = u32::from_be_bytes([inner[0], inner[1], inner[2], inner[3]]) as usize;
    inner_len.checked_add(4) == Some(frame.len())
        && frame.get(4..6) == Some(&MAGIC.to_be_bytes()[..])
}

fn deflate(payload: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(payload)?;
    encoder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame_of(out: &[u8]) -> Bytes {
        let len = u32::from_be_bytes([out[0], out[1], out[2], out[3]]) as usize;
        assert_eq!(len, out.len() - 4);
        Bytes::copy_from_slice(&out[4..])
    }

    #[test]
    fn writes_and_reads_back_every_field() {
        for transforms in [vec![], vec![Transform::Zlib]] {
            for protocol in [Protocol::Binary, Protocol::Compact] {
                let mut out = b"prefix".to_vec();
                out.extend_from_slice(b"the message");
                let write = HeaderWrite {
                    transforms: transforms.clone(),
                    info: vec![("key".into(), "value".into()), ("k2".into(), String::new())],
                    in_frame: false,
                };
                wrap_message(&mut out, 6, protocol, 77, &write).unwrap();
                assert_eq!(&out[..6], b"prefix");
                let frame = read_frame(frame_of(&out[6..]), &Limits::default()).unwrap();
                assert_eq!(frame.protocol, protocol);
                assert_eq!(frame.seqid, 77);
                assert_eq!(frame.transforms, transforms);
                assert_eq!(frame.info, write.info);
                assert_eq!(&frame.payload[..], b"the message");
            }
        }
    }

    #[test]
    fn reads_apaches_layout() {
        // Written by hand from HeaderFormat.md: compact, no transforms, one
        // info header {"a": "b"}, padded to 8 header bytes.
        let mut frame = vec![0x0F, 0xFF, 0, 0, 0, 0, 0, 5, 0, 2];
        frame.extend_from_slice(&[2, 0, 1, 1, 1, b'a', 1, b'b']);
        frame.extend_from_slice(b"msg");
        let read = read_frame(Bytes::from(frame), &Limits::default()).unwrap();
        assert_eq!(read.protocol, Protocol::Compact);
        assert_eq!(read.seqid, 5);
        assert_eq!(read.info, vec![("a".to_string(), "b".to_string())]);
        assert_eq!(&read.payload[..], b"msg");
    }

    #[test]
    fn nests_inside_a_framed_frame_and_recognises_it() {
        let mut out = b"msg".to_vec();
        let write = HeaderWrite {
            in_frame: true,
            ..HeaderWrite::default()
        };
        wrap_message(&mut out, 0, Protocol::Binary, 3, &write).unwrap();
        let outer = frame_of(&out);
        assert!(is_whole_frame(&outer));
        let frame = read_frame(frame_of(&outer), &Limits::default()).unwrap();
        assert_eq!(&frame.payload[..], b"msg");
        assert!(!is_whole_frame(&outer[4..]));
    }

    #[test]
    fn refuses_json() {
        let mut out = b"x".to_vec();
        assert!(wrap_message(&mut out, 0, Protocol::Json, 1, &HeaderWrite::default()).is_err());
    }

    fn read(bytes: &[u8]) -> Result<HeaderFrame, HeaderError> {
        read_frame(Bytes::copy_from_slice(bytes), &Limits::default())
    }

    #[test]
    fn hostile_frames_give_typed_errors() {
        assert_eq!(read(&[0x0F, 0xFF, 0]), Err(HeaderError::TooShort(3)));
        assert_eq!(
            read(&[0x0F, 0xFE, 0, 0, 0, 0, 0, 1, 0, 0]),
            Err(HeaderError::BadMagic(0x0FFE))
        );
        assert_eq!(
            read(&[0x0F, 0xFF, 0, 0, 0, 0, 0, 1, 0xFF, 0xFF, 0, 0]),
            Err(HeaderError::HeaderTooLarge {
                header: 0xFFFF * 4,
                frame: 12
            })
        );
        assert_eq!(
            read(&[0x0F, 0xFF, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0]),
            Err(HeaderError::UnknownProtocol(1))
        );
        assert_eq!(
            read(&[0x0F, 0xFF, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 3, 0]),
            Err(HeaderError::UnknownTransform(3))
        );
        // A transform count larger than the header.
        assert_eq!(
            read(&[0x0F, 0xFF, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0x7F, 0, 0]),
            Err(HeaderError::Malformed("transform count"))
        );
        // An info string longer than the header.
        assert_eq!(
            read(&[
                0x0F, 0xFF, 0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 1, 1, 0x40, b'k', 0, 0
            ]),
            Err(HeaderError::Malformed("info header key"))
        );
        // A varint running off the header's end.
        assert_eq!(
            read(&[0x0F, 0xFF, 0, 0, 0, 0, 0, 1, 0, 1, 0x80, 0x80, 0x80, 0x80]),
            Err(HeaderError::Malformed("protocol id"))
        );
        // zlib transform over bytes that are not zlib.
        assert!(matches!(
            read(&[0x0F, 0xFF, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1, 0, 1, 2, 3]),
            Err(HeaderError::Inflate(_))
        ));
    }

    #[test]
    fn a_zip_bomb_stops_at_the_message_limit() {
        let limits = Limits {
            max_message_size: 64 * 1024,
            ..Limits::default()
        };
        let mut out = vec![0u8; 10 * 1024 * 1024];
        let write = HeaderWrite {
            transforms: vec![Transform::Zlib],
            info: vec![],
            in_frame: false,
        };
        wrap_message(&mut out, 0, Protocol::Binary, 1, &write).unwrap();
        assert!(out.len() < 64 * 1024, "compressed to {} bytes", out.len());
        assert_eq!(
            read_frame(frame_of(&out), &limits),
            Err(HeaderError::InflatedTooLarge { max: 64 * 1024 })
        );
    }
}
