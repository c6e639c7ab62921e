//! The [`Encode`] and [`Decode`] traits that generated types implement, and
//! their implementations for Thrift's base types and the standard containers.
//!
//! Both traits are generic over the protocol, so a struct's encode or decode is
//! monomorphized per protocol: no dynamic dispatch per field.

use bytes::{Bytes, BytesMut};

use crate::protocol::{
    BinaryReader, BinaryWriter, CompactReader, CompactWriter, ProtocolReader, ProtocolResult,
    ProtocolWriter, TType,
};

/// A Rust type that travels as one Thrift wire type.
pub trait WireType {
    /// The Thrift type id this Rust type is written as.
    const TTYPE: TType;
}

/// A value that can be written with any protocol.
pub trait Encode: WireType {
    /// Writes `self` (a bare value: no field header).
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()>;

    /// Writes `items` as consecutive list or set elements. The default writes
    /// one at a time; numeric types override it with the writer's bulk
    /// methods.
    #[inline]
    fn encode_elements<W: ProtocolWriter>(items: &[Self], writer: &mut W) -> ProtocolResult<()>
    where
        Self: Sized,
    {
        items.iter().try_for_each(|item| item.encode(writer))
    }
}

/// A value that can be read with any protocol.
pub trait Decode: WireType + Sized {
    /// Reads one value (a bare value: no field header).
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self>;

    /// Reads `len` list or set elements into `out`. The default decodes one
    /// at a time; numeric types override it with the reader's bulk methods,
    /// which protocols with fixed-width or varint encodings implement as one
    /// tight loop over the frame.
    #[inline]
    fn decode_elements<R: ProtocolReader>(
        reader: &mut R,
        len: usize,
        out: &mut Vec<Self>,
    ) -> ProtocolResult<()> {
        for _ in 0..len {
            out.push(Self::decode(reader)?);
        }
        Ok(())
    }
}

mod base;
mod containers;
mod keys;

pub use containers::check_element_type;
pub use keys::{OrderedF64, VecMap, VecSet};

/// Encodes `value` (a bare value, e.g. a struct) with the binary protocol.
pub fn to_binary<T: Encode + ?Sized>(value: &T) -> ProtocolResult<Bytes> {
    let mut writer = BinaryWriter::new(BytesMut::new());
    value.encode(&mut writer)?;
    Ok(writer.into_inner().freeze())
}

/// Decodes one bare value from `frame` with the binary protocol and default
/// limits. Bytes after the value are ignored, as Apache's readers do.
pub fn from_binary<T: Decode>(frame: impl Into<Bytes>) -> ProtocolResult<T> {
    T::decode(&mut BinaryReader::new(frame.into()))
}

/// Encodes `value` (a bare value, e.g. a struct) with the compact protocol.
pub fn to_compact<T: Encode + ?Sized>(value: &T) -> ProtocolResult<Bytes> {
    let mut writer = CompactWriter::new(BytesMut::new());
    value.encode(&mut writer)?;
    Ok(writer.into_inner().freeze())
}

/// Decodes one bare value from `frame` with the compact protocol and default
/// limits. Bytes after the value are ignored, as Apache's readers do.
pub fn from_compact<T: Decode>(frame: impl Into<Bytes>) -> ProtocolResult<T> {
    T::decode(&mut CompactReader::new(frame.into()))
}
