//! Apache Thrift's compact protocol (`TCompactProtocol`).
//!
//! Zigzag varints for integers, field-id deltas in the field header's high
//! nibble (long form when the delta is not in 1..=15), bool fields folded into
//! the header's type nibble, short list headers for up to 14 elements, a single
//! `0x00` for an empty map, little-endian doubles.
//!
//! Varints live in the sibling `varint` module.

mod reader;
mod writer;

pub use reader::CompactReader;
pub use writer::CompactWriter;

use super::{ProtocolError, ProtocolErrorKind, ProtocolResult, TType};

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

/// The last field id of each enclosing struct, kept while a nested struct is
/// written or read (compact field ids are deltas from the previous field).
/// The first levels live inline so that a typical message allocates nothing.
#[derive(Debug, Clone, Default)]
struct FieldIdStack {
    inline: [i16; INLINE_LEVELS],
    len: usize,
    spilled: Vec<i16>,
}

const INLINE_LEVELS: usize = 16;

impl FieldIdStack {
    #[inline]
    fn push(&mut self, id: i16) {
        match self.inline.get_mut(self.len) {
            Some(slot) => *slot = id,
            None => self.spilled.push(id),
        }
        self.len += 1;
    }

    /// The most recently pushed id (0 if the stack is empty, which only
    /// unbalanced struct ends can cause).
    #[inline]
    fn pop(&mut self) -> i16 {
        let Some(len) = self.len.checked_sub(1) else {
            return 0;
        };
        self.len = len;
        match self.inline.get(len) {
            Some(&id) => id,
            None => self.spilled.pop().unwrap_or(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FieldIdStack;

    #[test]
    fn field_id_stack_spills_past_the_inline_levels() {
        let mut stack = FieldIdStack::default();
        for id in 0..40 {
            stack.push(id * 3);
        }
        for id in (0..40).rev() {
            assert_eq!(stack.pop(), id * 3);
        }
        assert_eq!(stack.pop(), 0);
        stack.push(7);
        assert_eq!(stack.pop(), 7);
    }
}
