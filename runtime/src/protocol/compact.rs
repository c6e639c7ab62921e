//! Apache Thrift's compact protocol (`TCompactProtocol`).
//!
//! Zigzag varints for integers, field-id deltas in the field header's high
//! nibble (long form when the delta is not in 1..=15), bool fields folded into
//! the header's type nibble, short list headers for up to 14 elements, a single
//! `0x00` for an empty map, little-endian doubles.
//!
//! Varints are written with `integer-encoding`. They are read by a hand-rolled
//! loop over the frame slice because the reader must reject, per width,
//! varints longer than the type allows (5 bytes for 32-bit, 10 for 64-bit) and
//! bits beyond the type, which `integer-encoding` accepts; the loop is checked
//! against `integer-encoding` by property tests.

use bytes::{BufMut, Bytes, BytesMut};
use integer_encoding::VarInt;
use uuid::Uuid;

use super::cursor::{Cursor, wire_len};
use super::{
    FieldHeader, Limits, ListHeader, MapHeader, MessageHeader, MessageType, ProtocolError,
    ProtocolErrorKind, ProtocolReader, ProtocolResult, ProtocolWriter, TType,
};
use crate::codec::{Decode, Encode};

const PROTOCOL_ID: u8 = 0x82;
const VERSION: u8 = 1;
const VERSION_MASK: u8 = 0x1f;
const TYPE_SHIFT: u8 = 5;

/// Compact type ids (`CompactType` in Apache's sources).
mod ctype {
    pub(super) const STOP: u8 = 0;
    pub(super) const TRUE: u8 = 1;
    pub(super) const FALSE: u8 = 2;
    pub(super) const I8: u8 = 3;
    pub(super) const I16: u8 = 4;
    pub(super) const I32: u8 = 5;
    pub(super) const I64: u8 = 6;
    pub(super) const DOUBLE: u8 = 7;
    pub(super) const BINARY: u8 = 8;
    pub(super) const LIST: u8 = 9;
    pub(super) const SET: u8 = 10;
    pub(super) const MAP: u8 = 11;
    pub(super) const STRUCT: u8 = 12;
    pub(super) const UUID: u8 = 13;
}

/// The compact type id of `ttype`. Bool maps to TRUE, which is what Apache
/// writes for container element types.
#[inline]
fn to_ctype(ttype: TType) -> ProtocolResult<u8> {
    Ok(match ttype {
        TType::Stop => ctype::STOP,
        TType::Bool => ctype::TRUE,
        TType::I8 => ctype::I8,
        TType::I16 => ctype::I16,
        TType::I32 => ctype::I32,
        TType::I64 => ctype::I64,
        TType::Double => ctype::DOUBLE,
        TType::String => ctype::BINARY,
        TType::List => ctype::LIST,
        TType::Set => ctype::SET,
        TType::Map => ctype::MAP,
        TType::Struct => ctype::STRUCT,
        TType::Uuid => ctype::UUID,
        TType::Void => {
            return Err(ProtocolError::invalid(
                "the compact protocol has no encoding for type Void",
            ));
        }
    })
}

/// The Thrift type of a compact type nibble (the high bits are ignored).
#[inline]
fn from_ctype(nibble: u8) -> ProtocolResult<TType> {
    Ok(match nibble & 0x0f {
        ctype::STOP => TType::Stop,
        ctype::TRUE | ctype::FALSE => TType::Bool,
        ctype::I8 => TType::I8,
        ctype::I16 => TType::I16,
        ctype::I32 => TType::I32,
        ctype::I64 => TType::I64,
        ctype::DOUBLE => TType::Double,
        ctype::BINARY => TType::String,
        ctype::LIST => TType::List,
        ctype::SET => TType::Set,
        ctype::MAP => TType::Map,
        ctype::STRUCT => TType::Struct,
        ctype::UUID => TType::Uuid,
        other => {
            return Err(ProtocolError::new(
                ProtocolErrorKind::UnknownType,
                format!("compact type id {other}"),
            ));
        }
    })
}

/// The fewest bytes one value of `ttype` takes in the compact protocol.
#[inline]
fn min_wire_size(ttype: TType) -> usize {
    match ttype {
        TType::Double => 8,
        TType::Uuid => 16,
        _ => 1,
    }
}

#[inline]
fn zigzag32(value: i32) -> u32 {
    ((value << 1) ^ (value >> 31)) as u32
}

#[inline]
fn zigzag64(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
}

#[inline]
fn unzigzag32(value: u32) -> i32 {
    ((value >> 1) as i32) ^ -((value & 1) as i32)
}

#[inline]
fn unzigzag64(value: u64) -> i64 {
    ((value >> 1) as i64) ^ -((value & 1) as i64)
}

/// Writes the compact protocol into any [`BufMut`].
#[derive(Debug, Default)]
pub struct CompactWriter<B> {
    buf: B,
    last_field_id: i16,
    /// The enclosing structs' last field ids.
    field_id_stack: Vec<i16>,
    /// The id of a bool field whose header waits for its value.
    pending_bool_field: Option<i16>,
}

impl<B: BufMut> CompactWriter<B> {
    /// A writer appending to `buf`.
    pub fn new(buf: B) -> Self {
        CompactWriter {
            buf,
            last_field_id: 0,
            field_id_stack: Vec::new(),
            pending_bool_field: None,
        }
    }

    /// The buffer written so far.
    pub fn get_ref(&self) -> &B {
        &self.buf
    }

    /// Mutable access to the buffer (e.g. to clear it between messages).
    pub fn get_mut(&mut self) -> &mut B {
        &mut self.buf
    }

    /// Returns the buffer.
    pub fn into_inner(self) -> B {
        self.buf
    }

    #[inline]
    fn put_varint32(&mut self, value: u32) {
        if value < 0x80 {
            self.buf.put_u8(value as u8);
        } else {
            let mut scratch = [0u8; 5];
            let len = value.encode_var(&mut scratch);
            self.buf.put_slice(scratch.get(..len).unwrap_or_default());
        }
    }

    #[inline]
    fn put_varint64(&mut self, value: u64) {
        if value < 0x80 {
            self.buf.put_u8(value as u8);
        } else {
            let mut scratch = [0u8; 10];
            let len = value.encode_var(&mut scratch);
            self.buf.put_slice(scratch.get(..len).unwrap_or_default());
        }
    }

    #[inline]
    fn put_len(&mut self, len: usize, what: &str) -> ProtocolResult<()> {
        let len = wire_len(len, what)?;
        self.put_varint32(len as u32);
        Ok(())
    }

    #[inline]
    fn put_field_header(&mut self, ctype: u8, id: i16) {
        let delta = i32::from(id) - i32::from(self.last_field_id);
        if (1..=15).contains(&delta) {
            self.buf.put_u8(((delta as u8) << 4) | ctype);
        } else {
            self.buf.put_u8(ctype);
            self.put_varint32(zigzag32(i32::from(id)));
        }
        self.last_field_id = id;
    }

    #[inline]
    fn put_collection_header(&mut self, elem: TType, len: usize, what: &str) -> ProtocolResult<()> {
        let ctype = to_ctype(elem)?;
        if len <= 14 {
            self.buf.put_u8(((len as u8) << 4) | ctype);
            Ok(())
        } else {
            self.buf.put_u8(0xf0 | ctype);
            self.put_len(len, what)
        }
    }
}

impl<B: BufMut> ProtocolWriter for CompactWriter<B> {
    fn write_message_begin(
        &mut self,
        name: &str,
        kind: MessageType,
        seqid: i32,
    ) -> ProtocolResult<()> {
        self.buf.put_u8(PROTOCOL_ID);
        self.buf.put_u8(((kind as u8) << TYPE_SHIFT) | VERSION);
        // Apache writes the signed seqid as an unsigned 32-bit varint.
        self.put_varint32(seqid as u32);
        self.write_string(name)
    }

    #[inline]
    fn write_message_end(&mut self) -> ProtocolResult<()> {
        Ok(())
    }

    #[inline]
    fn write_struct_begin(&mut self, _name: &str) -> ProtocolResult<()> {
        self.field_id_stack.push(self.last_field_id);
        self.last_field_id = 0;
        Ok(())
    }

    #[inline]
    fn write_struct_end(&mut self) -> ProtocolResult<()> {
        self.last_field_id = self.field_id_stack.pop().unwrap_or(0);
        Ok(())
    }

    #[inline]
    fn write_field_begin(&mut self, _name: &str, ttype: TType, id: i16) -> ProtocolResult<()> {
        if ttype == TType::Bool {
            self.pending_bool_field = Some(id);
        } else {
            self.put_field_header(to_ctype(ttype)?, id);
        }
        Ok(())
    }

    #[inline]
    fn write_field_end(&mut self) -> ProtocolResult<()> {
        Ok(())
    }

    #[inline]
    fn write_field_stop(&mut self) -> ProtocolResult<()> {
        self.buf.put_u8(ctype::STOP);
        Ok(())
    }

    #[inline]
    fn write_bool(&mut self, value: bool) -> ProtocolResult<()> {
        let ctype = if value { ctype::TRUE } else { ctype::FALSE };
        match self.pending_bool_field.take() {
            Some(id) => self.put_field_header(ctype, id),
            None => self.buf.put_u8(ctype),
        }
        Ok(())
    }

    #[inline]
    fn write_i8(&mut self, value: i8) -> ProtocolResult<()> {
        self.buf.put_i8(value);
        Ok(())
    }

    #[inline]
    fn write_i16(&mut self, value: i16) -> ProtocolResult<()> {
        self.put_varint32(zigzag32(i32::from(value)));
        Ok(())
    }

    #[inline]
    fn write_i32(&mut self, value: i32) -> ProtocolResult<()> {
        self.put_varint32(zigzag32(value));
        Ok(())
    }

    #[inline]
    fn write_i64(&mut self, value: i64) -> ProtocolResult<()> {
        self.put_varint64(zigzag64(value));
        Ok(())
    }

    #[inline]
    fn write_double(&mut self, value: f64) -> ProtocolResult<()> {
        self.buf.put_u64_le(value.to_bits());
        Ok(())
    }

    #[inline]
    fn write_string(&mut self, value: &str) -> ProtocolResult<()> {
        self.write_binary(value.as_bytes())
    }

    #[inline]
    fn write_binary(&mut self, value: &[u8]) -> ProtocolResult<()> {
        self.put_len(value.len(), "binary")?;
        self.buf.put_slice(value);
        Ok(())
    }

    #[inline]
    fn write_uuid(&mut self, value: &Uuid) -> ProtocolResult<()> {
        self.buf.put_slice(value.as_bytes());
        Ok(())
    }

    #[inline]
    fn write_list_begin(&mut self, elem: TType, len: usize) -> ProtocolResult<()> {
        self.put_collection_header(elem, len, "list")
    }

    #[inline]
    fn write_list_end(&mut self) -> ProtocolResult<()> {
        Ok(())
    }

    #[inline]
    fn write_set_begin(&mut self, elem: TType, len: usize) -> ProtocolResult<()> {
        self.put_collection_header(elem, len, "set")
    }

    #[inline]
    fn write_set_end(&mut self) -> ProtocolResult<()> {
        Ok(())
    }

    #[inline]
    fn write_map_begin(&mut self, key: TType, value: TType, len: usize) -> ProtocolResult<()> {
        if len == 0 {
            self.buf.put_u8(0);
            return Ok(());
        }
        let types = (to_ctype(key)? << 4) | to_ctype(value)?;
        self.put_len(len, "map")?;
        self.buf.put_u8(types);
        Ok(())
    }

    #[inline]
    fn write_map_end(&mut self) -> ProtocolResult<()> {
        Ok(())
    }
}

/// Reads the compact protocol from one frame held in memory.
#[derive(Debug, Clone)]
pub struct CompactReader {
    cursor: Cursor,
    last_field_id: i16,
    /// The enclosing structs' last field ids.
    field_id_stack: Vec<i16>,
    /// The value of a bool field whose header has been read.
    pending_bool: Option<bool>,
}

impl CompactReader {
    /// A reader over `frame` with the default [`Limits`].
    pub fn new(frame: Bytes) -> Self {
        Self::with_limits(frame, Limits::default())
    }

    /// A reader over `frame` with the given limits.
    pub fn with_limits(frame: Bytes, limits: Limits) -> Self {
        CompactReader {
            cursor: Cursor::new(frame, limits),
            last_field_id: 0,
            field_id_stack: Vec::new(),
            pending_bool: None,
        }
    }

    /// Reads an unsigned varint of at most 5 bytes that fits in 32 bits.
    #[inline]
    fn read_varint32(&mut self, what: &str) -> ProtocolResult<u32> {
        let rest = self.cursor.rest();
        if let Some(&first) = rest.first()
            && first < 0x80
        {
            self.cursor.advance(1);
            return Ok(u32::from(first));
        }
        let mut value: u32 = 0;
        for (index, &byte) in rest.iter().take(5).enumerate() {
            value |= u32::from(byte & 0x7f) << (7 * index);
            if byte & 0x80 == 0 {
                if index == 4 && byte > 0x0f {
                    return Err(varint_overflow(what, 32));
                }
                self.cursor.advance(index + 1);
                return Ok(value);
            }
        }
        Err(varint_unterminated(rest.len() >= 5, what, 5))
    }

    /// Reads an unsigned varint of at most 10 bytes that fits in 64 bits.
    #[inline]
    fn read_varint64(&mut self, what: &str) -> ProtocolResult<u64> {
        let rest = self.cursor.rest();
        if let Some(&first) = rest.first()
            && first < 0x80
        {
            self.cursor.advance(1);
            return Ok(u64::from(first));
        }
        let mut value: u64 = 0;
        for (index, &byte) in rest.iter().take(10).enumerate() {
            value |= u64::from(byte & 0x7f) << (7 * index);
            if byte & 0x80 == 0 {
                if index == 9 && byte > 0x01 {
                    return Err(varint_overflow(what, 64));
                }
                self.cursor.advance(index + 1);
                return Ok(value);
            }
        }
        Err(varint_unterminated(rest.len() >= 10, what, 10))
    }

    /// Reads a length or element count: an unsigned varint read as `i32`.
    #[inline]
    fn read_len(&mut self, what: &str) -> ProtocolResult<usize> {
        let raw = self.read_varint32(what)?;
        super::cursor::non_negative(raw as i32, what)
    }

    #[inline]
    fn read_zigzag_i16(&mut self, what: &str) -> ProtocolResult<i16> {
        let value = unzigzag32(self.read_varint32(what)?);
        i16::try_from(value)
            .map_err(|_| ProtocolError::invalid(format!("{what} {value} does not fit in an i16")))
    }

    #[inline]
    fn read_collection_header(&mut self, what: &str) -> ProtocolResult<ListHeader> {
        let byte = self.cursor.take_u8(what)?;
        let elem = from_ctype(byte)?;
        let short_len = byte >> 4;
        let len = if short_len == 15 {
            self.read_len(what)?
        } else {
            usize::from(short_len)
        };
        self.cursor.check_container_len(len, min_wire_size(elem))?;
        self.cursor.enter()?;
        Ok(ListHeader { elem, len })
    }
}

#[cold]
fn varint_overflow(what: &str, bits: u32) -> ProtocolError {
    ProtocolError::invalid(format!("varint of {what} overflows {bits} bits"))
}

#[cold]
fn varint_unterminated(too_long: bool, what: &str, max_bytes: usize) -> ProtocolError {
    if too_long {
        ProtocolError::invalid(format!("varint of {what} is longer than {max_bytes} bytes"))
    } else {
        ProtocolError::eof(what)
    }
}

impl ProtocolReader for CompactReader {
    fn read_message_begin(&mut self) -> ProtocolResult<MessageHeader> {
        self.cursor.check_message_size()?;
        let protocol_id = self.cursor.take_u8("message header")?;
        if protocol_id != PROTOCOL_ID {
            return Err(ProtocolError::new(
                ProtocolErrorKind::BadVersion,
                format!("bad protocol id {protocol_id:#04x} (expected 0x82)"),
            ));
        }
        let version_and_type = self.cursor.take_u8("message header")?;
        let version = version_and_type & VERSION_MASK;
        if version != VERSION {
            return Err(ProtocolError::new(
                ProtocolErrorKind::BadVersion,
                format!("bad compact protocol version {version} (expected 1)"),
            ));
        }
        let kind = MessageType::from_i32(i32::from(version_and_type >> TYPE_SHIFT))?;
        let seqid = self.read_varint32("sequence id")? as i32;
        let name = self.read_string()?;
        Ok(MessageHeader { name, kind, seqid })
    }

    #[inline]
    fn read_message_end(&mut self) -> ProtocolResult<()> {
        Ok(())
    }

    #[inline]
    fn read_struct_begin(&mut self) -> ProtocolResult<()> {
        self.cursor.enter()?;
        self.field_id_stack.push(self.last_field_id);
        self.last_field_id = 0;
        Ok(())
    }

    #[inline]
    fn read_struct_end(&mut self) -> ProtocolResult<()> {
        self.last_field_id = self.field_id_stack.pop().unwrap_or(0);
        self.cursor.leave();
        Ok(())
    }

    #[inline]
    fn read_field_begin(&mut self) -> ProtocolResult<FieldHeader> {
        let byte = self.cursor.take_u8("field header")?;
        let nibble = byte & 0x0f;
        // Apache treats a zero type nibble as stop whatever the high bits hold.
        if nibble == ctype::STOP {
            return Ok(FieldHeader {
                ttype: TType::Stop,
                id: 0,
            });
        }
        let ttype = from_ctype(nibble)?;
        let delta = byte >> 4;
        let id = if delta == 0 {
            self.read_zigzag_i16("field id")?
        } else {
            self.last_field_id
                .checked_add(i16::from(delta))
                .ok_or_else(|| ProtocolError::invalid("field id delta overflows an i16"))?
        };
        self.last_field_id = id;
        self.pending_bool = match nibble {
            ctype::TRUE => Some(true),
            ctype::FALSE => Some(false),
            _ => None,
        };
        Ok(FieldHeader { ttype, id })
    }

    #[inline]
    fn read_field_end(&mut self) -> ProtocolResult<()> {
        self.pending_bool = None;
        Ok(())
    }

    #[inline]
    fn read_bool(&mut self) -> ProtocolResult<bool> {
        match self.pending_bool.take() {
            Some(value) => Ok(value),
            None => Ok(self.cursor.take_u8("bool")? == ctype::TRUE),
        }
    }

    #[inline]
    fn read_i8(&mut self) -> ProtocolResult<i8> {
        Ok(self.cursor.take_u8("i8")? as i8)
    }

    #[inline]
    fn read_i16(&mut self) -> ProtocolResult<i16> {
        self.read_zigzag_i16("i16")
    }

    #[inline]
    fn read_i32(&mut self) -> ProtocolResult<i32> {
        Ok(unzigzag32(self.read_varint32("i32")?))
    }

    #[inline]
    fn read_i64(&mut self) -> ProtocolResult<i64> {
        Ok(unzigzag64(self.read_varint64("i64")?))
    }

    #[inline]
    fn read_double(&mut self) -> ProtocolResult<f64> {
        Ok(f64::from_bits(u64::from_le_bytes(
            self.cursor.take_array("double")?,
        )))
    }

    #[inline]
    fn read_string(&mut self) -> ProtocolResult<String> {
        let len = self.read_len("string")?;
        self.cursor.check_string_len(len)?;
        self.cursor.take_string(len)
    }

    #[inline]
    fn read_binary(&mut self) -> ProtocolResult<Bytes> {
        let len = self.read_len("binary")?;
        self.cursor.check_string_len(len)?;
        self.cursor.take_bytes(len, "binary")
    }

    #[inline]
    fn read_uuid(&mut self) -> ProtocolResult<Uuid> {
        Ok(Uuid::from_bytes(self.cursor.take_array("uuid")?))
    }

    #[inline]
    fn skip_string(&mut self) -> ProtocolResult<()> {
        let len = self.read_len("string")?;
        self.cursor.check_string_len(len)?;
        self.cursor.take_slice(len, "string").map(drop)
    }

    #[inline]
    fn read_list_begin(&mut self) -> ProtocolResult<ListHeader> {
        self.read_collection_header("list header")
    }

    #[inline]
    fn read_list_end(&mut self) -> ProtocolResult<()> {
        self.cursor.leave();
        Ok(())
    }

    #[inline]
    fn read_set_begin(&mut self) -> ProtocolResult<ListHeader> {
        self.read_collection_header("set header")
    }

    #[inline]
    fn read_set_end(&mut self) -> ProtocolResult<()> {
        self.cursor.leave();
        Ok(())
    }

    #[inline]
    fn read_map_begin(&mut self) -> ProtocolResult<MapHeader> {
        let len = self.read_len("map header")?;
        let (key, value) = if len == 0 {
            // An empty map carries no types; Apache reports them as stop.
            (TType::Stop, TType::Stop)
        } else {
            let types = self.cursor.take_u8("map header")?;
            (from_ctype(types >> 4)?, from_ctype(types)?)
        };
        self.cursor
            .check_container_len(len, min_wire_size(key) + min_wire_size(value))?;
        self.cursor.enter()?;
        Ok(MapHeader { key, value, len })
    }

    #[inline]
    fn read_map_end(&mut self) -> ProtocolResult<()> {
        self.cursor.leave();
        Ok(())
    }

    #[inline]
    fn remaining(&self) -> usize {
        self.cursor.remaining()
    }
}

/// Encodes `value` (a bare value, e.g. a struct) with the compact protocol.
pub fn to_bytes<T: Encode + ?Sized>(value: &T) -> ProtocolResult<Bytes> {
    let mut writer = CompactWriter::new(BytesMut::new());
    value.encode(&mut writer)?;
    Ok(writer.into_inner().freeze())
}

/// Decodes one bare value from `frame` with the compact protocol and default
/// limits. Bytes after the value are ignored, as Apache's readers do.
pub fn from_bytes<T: Decode>(frame: impl Into<Bytes>) -> ProtocolResult<T> {
    T::decode(&mut CompactReader::new(frame.into()))
}

#[cfg(test)]
mod tests;
