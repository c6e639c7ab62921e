//! The compact protocol's reader.

use bytes::Bytes;
use uuid::Uuid;

use super::{
    FieldIdStack, PROTOCOL_ID, TYPE_SHIFT, VERSION, VERSION_MASK, ctype, from_ctype, min_wire_size,
};
use crate::protocol::cursor::{Cursor, non_negative};
use crate::protocol::varint::{self, VarintError, unzigzag32, unzigzag64};
use crate::protocol::{
    FieldHeader, Limits, ListHeader, MapHeader, MessageHeader, MessageType, ProtocolError,
    ProtocolErrorKind, ProtocolReader, ProtocolResult, TType,
};

/// Reads the compact protocol from one frame held in memory.
#[derive(Debug, Clone)]
pub struct CompactReader {
    cursor: Cursor,
    last_field_id: i16,
    /// The enclosing structs' last field ids.
    field_id_stack: FieldIdStack,
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
            field_id_stack: FieldIdStack::default(),
            pending_bool: None,
        }
    }

    /// Reads an unsigned varint of at most 5 bytes that fits in 32 bits.
    #[inline]
    fn read_varint32(&mut self, what: &str) -> ProtocolResult<u32> {
        match varint::decode_u32(self.cursor.rest()) {
            Ok((value, len)) => {
                self.cursor.advance(len);
                Ok(value)
            }
            Err(err) => Err(varint_error(err, what, 32)),
        }
    }

    /// Reads an unsigned varint of at most 10 bytes that fits in 64 bits.
    #[inline]
    fn read_varint64(&mut self, what: &str) -> ProtocolResult<u64> {
        match varint::decode_u64(self.cursor.rest()) {
            Ok((value, len)) => {
                self.cursor.advance(len);
                Ok(value)
            }
            Err(err) => Err(varint_error(err, what, 64)),
        }
    }

    /// Reads a length or element count: an unsigned varint read as `i32`.
    #[inline]
    fn read_len(&mut self, what: &str) -> ProtocolResult<usize> {
        let raw = self.read_varint32(what)?;
        non_negative(raw as i32, what)
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
fn varint_error(err: VarintError, what: &str, bits: u32) -> ProtocolError {
    match err {
        VarintError::Eof => ProtocolError::eof(what),
        VarintError::TooLong => ProtocolError::invalid(format!(
            "varint of {what} is longer than a {bits}-bit varint may be"
        )),
        VarintError::Overflow => {
            ProtocolError::invalid(format!("varint of {what} overflows {bits} bits"))
        }
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
        self.last_field_id = self.field_id_stack.pop();
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

    fn read_i32_elements(&mut self, len: usize, out: &mut Vec<i32>) -> ProtocolResult<()> {
        let mut rest = self.cursor.rest();
        let mut consumed = 0;
        let mut result = Ok(());
        for _ in 0..len {
            match varint::decode_u32(rest) {
                Ok((value, size)) => {
                    out.push(unzigzag32(value));
                    rest = rest.get(size..).unwrap_or_default();
                    consumed += size;
                }
                Err(err) => {
                    result = Err(varint_error(err, "i32", 32));
                    break;
                }
            }
        }
        self.cursor.advance(consumed);
        result
    }

    fn read_i64_elements(&mut self, len: usize, out: &mut Vec<i64>) -> ProtocolResult<()> {
        let mut rest = self.cursor.rest();
        let mut consumed = 0;
        let mut result = Ok(());
        for _ in 0..len {
            match varint::decode_u64(rest) {
                Ok((value, size)) => {
                    out.push(unzigzag64(value));
                    rest = rest.get(size..).unwrap_or_default();
                    consumed += size;
                }
                Err(err) => {
                    result = Err(varint_error(err, "i64", 64));
                    break;
                }
            }
        }
        self.cursor.advance(consumed);
        result
    }

    fn read_double_elements(&mut self, len: usize, out: &mut Vec<f64>) -> ProtocolResult<()> {
        let size = len
            .checked_mul(8)
            .ok_or_else(|| ProtocolError::eof("list elements"))?;
        let (chunks, _) = self
            .cursor
            .take_slice(size, "list elements")?
            .as_chunks::<8>();
        out.extend(
            chunks
                .iter()
                .map(|chunk| f64::from_bits(u64::from_le_bytes(*chunk))),
        );
        Ok(())
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
