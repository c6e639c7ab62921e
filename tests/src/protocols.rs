//! Encoding and decoding any generated type with each of trift's protocols,
//! by name, so tests can loop over binary, compact and JSON.

use trift::protocol::{
    BinaryReader, BinaryWriter, CompactReader, CompactWriter, JsonReader, JsonWriter,
    ProtocolResult,
};
use trift::{Bytes, Decode, Encode};

/// A wire protocol that both trift and Apache's Python library speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// TBinaryProtocol.
    Binary,
    /// TCompactProtocol.
    Compact,
    /// TJSONProtocol.
    Json,
}

impl Protocol {
    /// Every protocol, in a fixed order.
    pub const ALL: [Protocol; 3] = [Protocol::Binary, Protocol::Compact, Protocol::Json];

    /// The lower-case name (`binary`, `compact`, `json`), also used as a file
    /// extension by the interop scripts.
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Binary => "binary",
            Protocol::Compact => "compact",
            Protocol::Json => "json",
        }
    }

    /// Encodes `value` as a bare struct (no message envelope).
    pub fn encode<T: Encode>(self, value: &T) -> ProtocolResult<Vec<u8>> {
        let mut out = Vec::new();
        match self {
            Protocol::Binary => value.encode(&mut BinaryWriter::new(&mut out))?,
            Protocol::Compact => value.encode(&mut CompactWriter::new(&mut out))?,
            Protocol::Json => value.encode(&mut JsonWriter::new(&mut out))?,
        }
        Ok(out)
    }

    /// Decodes one bare value from `bytes`.
    pub fn decode<T: Decode>(self, bytes: &[u8]) -> ProtocolResult<T> {
        let frame = Bytes::copy_from_slice(bytes);
        match self {
            Protocol::Binary => T::decode(&mut BinaryReader::new(frame)),
            Protocol::Compact => T::decode(&mut CompactReader::new(frame)),
            Protocol::Json => T::decode(&mut JsonReader::new(frame)),
        }
    }
}
