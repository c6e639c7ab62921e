//! Apache Thrift's binary protocol (`TBinaryProtocol`).
//!
//! Fixed-width big-endian integers, `i32` lengths, one type byte and an `i16`
//! id per field. Messages are written in the strict form
//! (`0x8001_0000 | type`); both the strict and the old non-strict form are
//! read, as Apache's readers do by default.

use bytes::{BufMut, Bytes};
use uuid::Uuid;

use super::cursor::{Cursor, non_negative, wire_len};
use super::{
    FieldHeader, Limits, ListHeader, MapHeader, MessageHeader, MessageType, ProtocolError,
    ProtocolErrorKind, ProtocolReader, ProtocolResult, ProtocolWriter, TType,
};

/// The strict message header's version word.
const VERSION_1: u32 = 0x8001_0000;
/// The bits of the first header word that carry the version.
const VERSION_MASK: u32 = 0xffff_0000;

/// Writes the binary protocol into any [`BufMut`] (`Vec<u8>`, `BytesMut`, ...).
#[derive(Debug, Default)]
pub struct BinaryWriter<B> {
    buf: B,
}

impl<B: BufMut> BinaryWriter<B> {
    /// A writer appending to `buf`.
    pub fn new(buf: B) -> Self {
        BinaryWriter { buf }
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
    fn write_len(&mut self, len: usize, what: &str) -> ProtocolResult<()> {
        self.buf.put_i32(wire_len(len, what)?);
        Ok(())
    }
}

impl<B: BufMut> ProtocolWriter for BinaryWriter<B> {
    fn write_message_begin(
        &mut self,
        name: &str,
        kind: MessageType,
        seqid: i32,
    ) -> ProtocolResult<()> {
        self.buf.put_u32(VERSION_1 | kind as u32);
        self.write_string(name)?;
        self.buf.put_i32(seqid);
        Ok(())
    }

    #[inline]
    fn write_message_end(&mut self) -> ProtocolResult<()> {
        Ok(())
    }

    #[inline]
    fn write_struct_begin(&mut self, _name: &str) -> ProtocolResult<()> {
        Ok(())
    }

    #[inline]
    fn write_struct_end(&mut self) -> ProtocolResult<()> {
        Ok(())
    }

    #[inline]
    fn write_field_begin(&mut self, _name: &str, ttype: TType, id: i16) -> ProtocolResult<()> {
        self.buf.put_u8(ttype as u8);
        self.buf.put_i16(id);
        Ok(())
    }

    #[inline]
    fn write_field_end(&mut self) -> ProtocolResult<()> {
        Ok(())
    }

    #[inline]
    fn write_field_stop(&mut self) -> ProtocolResult<()> {
        self.buf.put_u8(TType::Stop as u8);
        Ok(())
    }

    #[inline]
    fn write_bool(&mut self, value: bool) -> ProtocolResult<()> {
        self.buf.put_u8(u8::from(value));
        Ok(())
    }

    #[inline]
    fn write_i8(&mut self, value: i8) -> ProtocolResult<()> {
        self.buf.put_i8(value);
        Ok(())
    }

    #[inline]
    fn write_i16(&mut self, value: i16) -> ProtocolResult<()> {
        self.buf.put_i16(value);
        Ok(())
    }

    #[inline]
    fn write_i32(&mut self, value: i32) -> ProtocolResult<()> {
        self.buf.put_i32(value);
        Ok(())
    }

    #[inline]
    fn write_i64(&mut self, value: i64) -> ProtocolResult<()> {
        self.buf.put_i64(value);
        Ok(())
    }

    #[inline]
    fn write_double(&mut self, value: f64) -> ProtocolResult<()> {
        self.buf.put_u64(value.to_bits());
        Ok(())
    }

    #[inline]
    fn write_string(&mut self, value: &str) -> ProtocolResult<()> {
        self.write_binary(value.as_bytes())
    }

    #[inline]
    fn write_binary(&mut self, value: &[u8]) -> ProtocolResult<()> {
        self.write_len(value.len(), "binary")?;
        self.buf.put_slice(value);
        Ok(())
    }

    #[inline]
    fn write_uuid(&mut self, value: &Uuid) -> ProtocolResult<()> {
        self.buf.put_slice(value.as_bytes());
        Ok(())
    }

    fn write_i32_elements(&mut self, values: &[i32]) -> ProtocolResult<()> {
        put_fixed(&mut self.buf, values, |value| value.to_be_bytes());
        Ok(())
    }

    fn write_i64_elements(&mut self, values: &[i64]) -> ProtocolResult<()> {
        put_fixed(&mut self.buf, values, |value| value.to_be_bytes());
        Ok(())
    }

    fn write_double_elements(&mut self, values: &[f64]) -> ProtocolResult<()> {
        put_fixed(&mut self.buf, values, |value| value.to_bits().to_be_bytes());
        Ok(())
    }

    #[inline]
    fn write_list_begin(&mut self, elem: TType, len: usize) -> ProtocolResult<()> {
        self.buf.put_u8(elem as u8);
        self.write_len(len, "list")
    }

    #[inline]
    fn write_list_end(&mut self) -> ProtocolResult<()> {
        Ok(())
    }

    #[inline]
    fn write_set_begin(&mut self, elem: TType, len: usize) -> ProtocolResult<()> {
        self.buf.put_u8(elem as u8);
        self.write_len(len, "set")
    }

    #[inline]
    fn write_set_end(&mut self) -> ProtocolResult<()> {
        Ok(())
    }

    #[inline]
    fn write_map_begin(&mut self, key: TType, value: TType, len: usize) -> ProtocolResult<()> {
        self.buf.put_u8(key as u8);
        self.buf.put_u8(value as u8);
        self.write_len(len, "map")
    }

    #[inline]
    fn write_map_end(&mut self) -> ProtocolResult<()> {
        Ok(())
    }
}

/// Appends fixed-width values through a stack buffer: one `put_slice` per 32
/// values instead of one capacity check per value.
#[inline]
fn put_fixed<B: BufMut, T: Copy, const N: usize>(
    buf: &mut B,
    values: &[T],
    to_bytes: impl Fn(T) -> [u8; N],
) {
    for chunk in values.chunks(32) {
        let mut scratch = [[0u8; N]; 32];
        for (slot, &value) in scratch.iter_mut().zip(chunk) {
            *slot = to_bytes(value);
        }
        let used = scratch.get(..chunk.len()).unwrap_or_default();
        buf.put_slice(used.as_flattened());
    }
}

/// Reads the binary protocol from one frame held in memory.
#[derive(Debug, Clone)]
pub struct BinaryReader {
    cursor: Cursor,
    strict_read: bool,
}

impl BinaryReader {
    /// A reader over `frame` with the default [`Limits`].
    pub fn new(frame: Bytes) -> Self {
        Self::with_limits(frame, Limits::default())
    }

    /// A reader over `frame` with the given limits.
    pub fn with_limits(frame: Bytes, limits: Limits) -> Self {
        BinaryReader {
            cursor: Cursor::new(frame, limits),
            strict_read: false,
        }
    }

    /// Rejects non-strict (version-less) message headers with
    /// [`ProtocolErrorKind::BadVersion`], like Apache's `strictRead = true`.
    /// Off by default, as in Apache.
    pub fn strict_read(mut self, strict: bool) -> Self {
        self.strict_read = strict;
        self
    }

    #[inline]
    fn read_len(&mut self, what: &str) -> ProtocolResult<usize> {
        let len = i32::from_be_bytes(self.cursor.take_array(what)?);
        non_negative(len, what)
    }

    /// Takes `len` fixed-width elements of `N` bytes each in one step.
    #[inline]
    fn take_elements<const N: usize>(&mut self, len: usize) -> ProtocolResult<&[[u8; N]]> {
        let size = len
            .checked_mul(N)
            .ok_or_else(|| ProtocolError::eof("list elements"))?;
        let (chunks, _) = self
            .cursor
            .take_slice(size, "list elements")?
            .as_chunks::<N>();
        Ok(chunks)
    }

    #[inline]
    fn read_type(&mut self, what: &str) -> ProtocolResult<TType> {
        TType::from_u8(self.cursor.take_u8(what)?)
    }

    #[inline]
    fn read_list_header(&mut self, what: &str) -> ProtocolResult<ListHeader> {
        let elem = self.read_type(what)?;
        let len = self.read_len(what)?;
        self.cursor.check_container_len(len, min_wire_size(elem))?;
        self.cursor.enter()?;
        Ok(ListHeader { elem, len })
    }
}

/// The fewest bytes one value of `ttype` takes in the binary protocol.
#[inline]
fn min_wire_size(ttype: TType) -> usize {
    match ttype {
        TType::Stop | TType::Void | TType::Bool | TType::I8 | TType::Struct => 1,
        TType::I16 => 2,
        TType::I32 | TType::String => 4,
        TType::I64 | TType::Double => 8,
        TType::Set | TType::List => 5,
        TType::Map => 6,
        TType::Uuid => 16,
    }
}

impl ProtocolReader for BinaryReader {
    fn read_message_begin(&mut self) -> ProtocolResult<MessageHeader> {
        self.cursor.check_message_size()?;
        let first = i32::from_be_bytes(self.cursor.take_array("message header")?);
        if first < 0 {
            let word = first as u32;
            if word & VERSION_MASK != VERSION_1 {
                return Err(ProtocolError::new(
                    ProtocolErrorKind::BadVersion,
                    format!("bad version in message header: {word:#010x}"),
                ));
            }
            let kind = MessageType::from_i32((word & 0xff) as i32)?;
            let name = self.read_string()?;
            let seqid = self.read_i32()?;
            Ok(MessageHeader { name, kind, seqid })
        } else {
            if self.strict_read {
                return Err(ProtocolError::new(
                    ProtocolErrorKind::BadVersion,
                    "no protocol version in message header",
                ));
            }
            let len = first as usize;
            let name = self.cursor.take_string(len)?;
            let kind = MessageType::from_i32(i32::from(self.read_i8()?))?;
            let seqid = self.read_i32()?;
            Ok(MessageHeader { name, kind, seqid })
        }
    }

    #[inline]
    fn read_message_end(&mut self) -> ProtocolResult<()> {
        Ok(())
    }

    #[inline]
    fn read_struct_begin(&mut self) -> ProtocolResult<()> {
        self.cursor.enter()
    }

    #[inline]
    fn read_struct_end(&mut self) -> ProtocolResult<()> {
        self.cursor.leave();
        Ok(())
    }

    #[inline]
    fn read_field_begin(&mut self) -> ProtocolResult<FieldHeader> {
        let ttype = self.read_type("field header")?;
        if ttype == TType::Stop {
            return Ok(FieldHeader { ttype, id: 0 });
        }
        let id = i16::from_be_bytes(self.cursor.take_array("field header")?);
        Ok(FieldHeader { ttype, id })
    }

    #[inline]
    fn read_field_end(&mut self) -> ProtocolResult<()> {
        Ok(())
    }

    #[inline]
    fn read_bool(&mut self) -> ProtocolResult<bool> {
        Ok(self.cursor.take_u8("bool")? != 0)
    }

    #[inline]
    fn read_i8(&mut self) -> ProtocolResult<i8> {
        Ok(self.cursor.take_u8("i8")? as i8)
    }

    #[inline]
    fn read_i16(&mut self) -> ProtocolResult<i16> {
        Ok(i16::from_be_bytes(self.cursor.take_array("i16")?))
    }

    #[inline]
    fn read_i32(&mut self) -> ProtocolResult<i32> {
        Ok(i32::from_be_bytes(self.cursor.take_array("i32")?))
    }

    #[inline]
    fn read_i64(&mut self) -> ProtocolResult<i64> {
        Ok(i64::from_be_bytes(self.cursor.take_array("i64")?))
    }

    #[inline]
    fn read_double(&mut self) -> ProtocolResult<f64> {
        Ok(f64::from_bits(u64::from_be_bytes(
            self.cursor.take_array("double")?,
        )))
    }

    #[inline]
    fn read_string(&mut self) -> ProtocolResult<String> {
        let len = self.read_len("string")?;
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
        let bytes = self.take_elements::<4>(len)?;
        out.extend(bytes.iter().map(|chunk| i32::from_be_bytes(*chunk)));
        Ok(())
    }

    fn read_i64_elements(&mut self, len: usize, out: &mut Vec<i64>) -> ProtocolResult<()> {
        let bytes = self.take_elements::<8>(len)?;
        out.extend(bytes.iter().map(|chunk| i64::from_be_bytes(*chunk)));
        Ok(())
    }

    fn read_double_elements(&mut self, len: usize, out: &mut Vec<f64>) -> ProtocolResult<()> {
        let bytes = self.take_elements::<8>(len)?;
        out.extend(
            bytes
                .iter()
                .map(|chunk| f64::from_bits(u64::from_be_bytes(*chunk))),
        );
        Ok(())
    }

    #[inline]
    fn read_list_begin(&mut self) -> ProtocolResult<ListHeader> {
        self.read_list_header("list header")
    }

    #[inline]
    fn read_list_end(&mut self) -> ProtocolResult<()> {
        self.cursor.leave();
        Ok(())
    }

    #[inline]
    fn read_set_begin(&mut self) -> ProtocolResult<ListHeader> {
        self.read_list_header("set header")
    }

    #[inline]
    fn read_set_end(&mut self) -> ProtocolResult<()> {
        self.cursor.leave();
        Ok(())
    }

    #[inline]
    fn read_map_begin(&mut self) -> ProtocolResult<MapHeader> {
        let key = self.read_type("map header")?;
        let value = self.read_type("map header")?;
        let len = self.read_len("map header")?;
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
