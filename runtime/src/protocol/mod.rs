//! Wire protocols: the [`ProtocolWriter`] and [`ProtocolReader`] traits and
//! their implementations (binary, compact, JSON, and the write-only simple JSON).
//!
//! Generated code is generic over these traits, so every protocol is
//! monomorphized: there is no dynamic dispatch per field. Writers append to a
//! [`bytes::BufMut`]; readers decode a whole frame held in memory as
//! [`bytes::Bytes`], so binary values are zero-copy slices of the frame.
//!
//! This module knows nothing about transports, IDL or code generation.

pub mod binary;
pub mod compact;
mod cursor;
mod error;
pub mod json;
mod limits;
pub mod simple_json;
mod skip;
pub(crate) mod varint;

pub use binary::{BinaryReader, BinaryWriter};
pub use compact::{CompactReader, CompactWriter};
pub use error::{ProtocolError, ProtocolErrorKind, ProtocolResult};
pub use json::{JsonReader, JsonWriter};
pub use limits::Limits;
pub use simple_json::SimpleJsonWriter;
pub use skip::skip;

use bytes::Bytes;
use uuid::Uuid;

/// A Thrift type id, as the binary protocol writes it on the wire.
///
/// Compact and JSON have their own encodings of these; each protocol maps to
/// and from this common enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum TType {
    /// Ends a struct's field list.
    Stop = 0,
    /// No value (only used by Apache for void results).
    Void = 1,
    /// `bool`.
    Bool = 2,
    /// `i8` (also `byte`).
    I8 = 3,
    /// `double`.
    Double = 4,
    /// `i16`.
    I16 = 6,
    /// `i32` (and enums).
    I32 = 8,
    /// `i64`.
    I64 = 10,
    /// `string` and `binary`.
    String = 11,
    /// `struct`, `union` and `exception`.
    Struct = 12,
    /// `map`.
    Map = 13,
    /// `set`.
    Set = 14,
    /// `list`.
    List = 15,
    /// `uuid`.
    Uuid = 16,
}

impl TType {
    /// Decodes a binary-protocol type id.
    #[inline]
    pub fn from_u8(id: u8) -> ProtocolResult<TType> {
        Ok(match id {
            0 => TType::Stop,
            1 => TType::Void,
            2 => TType::Bool,
            3 => TType::I8,
            4 => TType::Double,
            6 => TType::I16,
            8 => TType::I32,
            10 => TType::I64,
            11 => TType::String,
            12 => TType::Struct,
            13 => TType::Map,
            14 => TType::Set,
            15 => TType::List,
            16 => TType::Uuid,
            other => return Err(unknown_type(other)),
        })
    }
}

#[cold]
fn unknown_type(id: u8) -> ProtocolError {
    ProtocolError::new(ProtocolErrorKind::UnknownType, format!("type id {id}"))
}

/// The kind of an RPC message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum MessageType {
    /// A two-way request.
    Call = 1,
    /// A reply to a call (success or a declared exception).
    Reply = 2,
    /// A `TApplicationException` in answer to a call.
    Exception = 3,
    /// A oneway request: no reply is sent.
    Oneway = 4,
}

impl MessageType {
    /// Decodes a message type code.
    pub fn from_i32(code: i32) -> ProtocolResult<MessageType> {
        Ok(match code {
            1 => MessageType::Call,
            2 => MessageType::Reply,
            3 => MessageType::Exception,
            4 => MessageType::Oneway,
            other => {
                return Err(ProtocolError::invalid(format!(
                    "unknown message type {other}"
                )));
            }
        })
    }
}

/// A decoded message header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageHeader {
    /// The method name (with a `Service:` prefix under TMultiplexedProtocol).
    pub name: String,
    /// Call, reply, exception or oneway.
    pub kind: MessageType,
    /// The sequence id that matches a reply to its call.
    pub seqid: i32,
}

/// A decoded field header. `ttype == TType::Stop` marks the end of a struct;
/// `id` is then meaningless.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldHeader {
    /// The field's wire type.
    pub ttype: TType,
    /// The field id.
    pub id: i16,
}

/// A decoded list or set header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListHeader {
    /// The element type.
    pub elem: TType,
    /// The number of elements. Readers guarantee it is within the configured
    /// limit and could fit in the bytes left in the frame.
    pub len: usize,
}

/// A decoded map header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapHeader {
    /// The key type (unspecified for an empty compact map).
    pub key: TType,
    /// The value type (unspecified for an empty compact map).
    pub value: TType,
    /// The number of entries, bounded as for [`ListHeader::len`].
    pub len: usize,
}

/// Encodes Thrift values. Implemented by each protocol's writer.
///
/// Calls must come in the order Thrift's grammar of values demands: a field
/// begin before its value, a struct's fields between its begin and end, and so
/// on. Writers append to memory; errors only come from values that cannot be
/// represented (e.g. a string longer than `i32::MAX` bytes).
pub trait ProtocolWriter {
    /// Begins a message.
    fn write_message_begin(
        &mut self,
        name: &str,
        kind: MessageType,
        seqid: i32,
    ) -> ProtocolResult<()>;
    /// Ends a message.
    fn write_message_end(&mut self) -> ProtocolResult<()>;
    /// Begins a struct (the name is used only by name-keyed protocols).
    fn write_struct_begin(&mut self, name: &str) -> ProtocolResult<()>;
    /// Ends a struct (does not write the stop marker).
    fn write_struct_end(&mut self) -> ProtocolResult<()>;
    /// Begins a field.
    fn write_field_begin(&mut self, name: &str, ttype: TType, id: i16) -> ProtocolResult<()>;
    /// Ends a field.
    fn write_field_end(&mut self) -> ProtocolResult<()>;
    /// Writes the stop marker that ends a struct's fields.
    fn write_field_stop(&mut self) -> ProtocolResult<()>;
    /// Writes a `bool`.
    fn write_bool(&mut self, value: bool) -> ProtocolResult<()>;
    /// Writes an `i8`.
    fn write_i8(&mut self, value: i8) -> ProtocolResult<()>;
    /// Writes an `i16`.
    fn write_i16(&mut self, value: i16) -> ProtocolResult<()>;
    /// Writes an `i32`.
    fn write_i32(&mut self, value: i32) -> ProtocolResult<()>;
    /// Writes an `i64`.
    fn write_i64(&mut self, value: i64) -> ProtocolResult<()>;
    /// Writes a `double`.
    fn write_double(&mut self, value: f64) -> ProtocolResult<()>;
    /// Writes a `string`.
    fn write_string(&mut self, value: &str) -> ProtocolResult<()>;
    /// Writes a `binary`.
    fn write_binary(&mut self, value: &[u8]) -> ProtocolResult<()>;
    /// Writes a `uuid`.
    fn write_uuid(&mut self, value: &Uuid) -> ProtocolResult<()>;
    /// Writes consecutive `i32` container elements. Protocols override the
    /// default loop with a bulk write.
    fn write_i32_elements(&mut self, values: &[i32]) -> ProtocolResult<()> {
        values.iter().try_for_each(|&value| self.write_i32(value))
    }
    /// Writes consecutive `i64` container elements.
    fn write_i64_elements(&mut self, values: &[i64]) -> ProtocolResult<()> {
        values.iter().try_for_each(|&value| self.write_i64(value))
    }
    /// Writes consecutive `double` container elements.
    fn write_double_elements(&mut self, values: &[f64]) -> ProtocolResult<()> {
        values
            .iter()
            .try_for_each(|&value| self.write_double(value))
    }
    /// Begins a list of `len` elements of type `elem`.
    fn write_list_begin(&mut self, elem: TType, len: usize) -> ProtocolResult<()>;
    /// Ends a list.
    fn write_list_end(&mut self) -> ProtocolResult<()>;
    /// Begins a set of `len` elements of type `elem`.
    fn write_set_begin(&mut self, elem: TType, len: usize) -> ProtocolResult<()>;
    /// Ends a set.
    fn write_set_end(&mut self) -> ProtocolResult<()>;
    /// Begins a map of `len` entries.
    fn write_map_begin(&mut self, key: TType, value: TType, len: usize) -> ProtocolResult<()>;
    /// Ends a map.
    fn write_map_end(&mut self) -> ProtocolResult<()>;
}

/// Decodes Thrift values from one in-memory frame. Implemented by each
/// protocol's reader.
///
/// Readers enforce [`Limits`]: nesting depth is counted by the struct, list,
/// set and map begin/end calls, and every declared length or element count is
/// checked against the limits and against the bytes left before anything is
/// allocated. No input makes a reader panic.
pub trait ProtocolReader {
    /// Reads a message header.
    fn read_message_begin(&mut self) -> ProtocolResult<MessageHeader>;
    /// Ends a message.
    fn read_message_end(&mut self) -> ProtocolResult<()>;
    /// Begins a struct; counts one level of nesting.
    fn read_struct_begin(&mut self) -> ProtocolResult<()>;
    /// Ends a struct.
    fn read_struct_end(&mut self) -> ProtocolResult<()>;
    /// Reads a field header; `TType::Stop` ends the struct.
    fn read_field_begin(&mut self) -> ProtocolResult<FieldHeader>;
    /// Ends a field.
    fn read_field_end(&mut self) -> ProtocolResult<()>;
    /// Reads a `bool`.
    fn read_bool(&mut self) -> ProtocolResult<bool>;
    /// Reads an `i8`.
    fn read_i8(&mut self) -> ProtocolResult<i8>;
    /// Reads an `i16`.
    fn read_i16(&mut self) -> ProtocolResult<i16>;
    /// Reads an `i32`.
    fn read_i32(&mut self) -> ProtocolResult<i32>;
    /// Reads an `i64`.
    fn read_i64(&mut self) -> ProtocolResult<i64>;
    /// Reads a `double`.
    fn read_double(&mut self) -> ProtocolResult<f64>;
    /// Reads a `string` (must be valid UTF-8).
    fn read_string(&mut self) -> ProtocolResult<String>;
    /// Reads a `binary`: a zero-copy slice of the frame where the encoding
    /// allows it.
    fn read_binary(&mut self) -> ProtocolResult<Bytes>;
    /// Reads a `uuid`.
    fn read_uuid(&mut self) -> ProtocolResult<Uuid>;
    /// Skips a `string` or `binary` value without decoding it. Protocols whose
    /// strings carry a length override this to avoid UTF-8 checks and copies;
    /// the default reads and drops a string.
    fn skip_string(&mut self) -> ProtocolResult<()> {
        self.read_string().map(drop)
    }
    /// Reads `len` consecutive `i32` container elements into `out`.
    /// Protocols override the default loop with a bulk read.
    fn read_i32_elements(&mut self, len: usize, out: &mut Vec<i32>) -> ProtocolResult<()> {
        for _ in 0..len {
            out.push(self.read_i32()?);
        }
        Ok(())
    }
    /// Reads `len` consecutive `i64` container elements into `out`.
    fn read_i64_elements(&mut self, len: usize, out: &mut Vec<i64>) -> ProtocolResult<()> {
        for _ in 0..len {
            out.push(self.read_i64()?);
        }
        Ok(())
    }
    /// Reads `len` consecutive `double` container elements into `out`.
    fn read_double_elements(&mut self, len: usize, out: &mut Vec<f64>) -> ProtocolResult<()> {
        for _ in 0..len {
            out.push(self.read_double()?);
        }
        Ok(())
    }
    /// Begins a list; counts one level of nesting.
    fn read_list_begin(&mut self) -> ProtocolResult<ListHeader>;
    /// Ends a list.
    fn read_list_end(&mut self) -> ProtocolResult<()>;
    /// Begins a set; counts one level of nesting.
    fn read_set_begin(&mut self) -> ProtocolResult<ListHeader>;
    /// Ends a set.
    fn read_set_end(&mut self) -> ProtocolResult<()>;
    /// Begins a map; counts one level of nesting.
    fn read_map_begin(&mut self) -> ProtocolResult<MapHeader>;
    /// Ends a map.
    fn read_map_end(&mut self) -> ProtocolResult<()>;
    /// Bytes of the frame not consumed yet. Decoders use it to bound
    /// preallocation: no declared length allocates more than what is present.
    fn remaining(&self) -> usize;
}
