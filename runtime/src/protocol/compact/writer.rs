//! The compact protocol's writer.

use bytes::BufMut;
use uuid::Uuid;

use super::{FieldIdStack, PROTOCOL_ID, TYPE_SHIFT, VERSION, ctype, to_ctype};
use crate::protocol::cursor::wire_len;
use crate::protocol::varint::{self, zigzag32, zigzag64};
use crate::protocol::{MessageType, ProtocolResult, ProtocolWriter, TType};

/// Writes the compact protocol into any [`BufMut`].
#[derive(Debug, Default)]
pub struct CompactWriter<B> {
    buf: B,
    last_field_id: i16,
    /// The enclosing structs' last field ids.
    field_id_stack: FieldIdStack,
    /// The id of a bool field whose header waits for its value.
    pending_bool_field: Option<i16>,
}

impl<B: BufMut> CompactWriter<B> {
    /// A writer appending to `buf`.
    pub fn new(buf: B) -> Self {
        CompactWriter {
            buf,
            last_field_id: 0,
            field_id_stack: FieldIdStack::default(),
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
        varint::put_u32(&mut self.buf, value);
    }

    #[inline]
    fn put_varint64(&mut self, value: u64) {
        varint::put_u64(&mut self.buf, value);
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
        self.last_field_id = self.field_id_stack.pop();
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

    fn write_i32_elements(&mut self, values: &[i32]) -> ProtocolResult<()> {
        varint::put_many(
            &mut self.buf,
            values.iter().map(|&value| u64::from(zigzag32(value))),
        );
        Ok(())
    }

    fn write_i64_elements(&mut self, values: &[i64]) -> ProtocolResult<()> {
        varint::put_many(&mut self.buf, values.iter().map(|&value| zigzag64(value)));
        Ok(())
    }

    fn write_double_elements(&mut self, values: &[f64]) -> ProtocolResult<()> {
        for chunk in values.chunks(32) {
            let mut scratch = [[0u8; 8]; 32];
            for (slot, value) in scratch.iter_mut().zip(chunk) {
                *slot = value.to_bits().to_le_bytes();
            }
            let used = scratch.get(..chunk.len()).unwrap_or_default();
            self.buf.put_slice(used.as_flattened());
        }
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
