//! The [`Encode`] and [`Decode`] traits that generated types implement, and
//! their implementations for Thrift's base types and the standard containers.
//!
//! Both traits are generic over the protocol, so a struct's encode or decode is
//! monomorphized per protocol: no dynamic dispatch per field.

use crate::protocol::{ProtocolReader, ProtocolResult, ProtocolWriter, TType};

/// A Rust type that travels as one Thrift wire type.
pub trait WireType {
    /// The Thrift type id this Rust type is written as.
    const TTYPE: TType;
}

/// A value that can be written with any protocol.
pub trait Encode: WireType {
    /// Writes `self` (a bare value: no field header).
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()>;
}

/// A value that can be read with any protocol.
pub trait Decode: WireType + Sized {
    /// Reads one value (a bare value: no field header).
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self>;
}

mod base;
mod containers;
mod keys;

pub use containers::check_element_type;
pub use keys::{OrderedF64, VecMap, VecSet};
