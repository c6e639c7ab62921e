//! [`Encode`]/[`Decode`] for Thrift's base types: bool, the integers, double,
//! string, binary (`Bytes`), uuid, and `Box<T>` as a transparent wrapper.

use bytes::Bytes;
use uuid::Uuid;

use super::{Decode, Encode, WireType};
use crate::protocol::{ProtocolReader, ProtocolResult, ProtocolWriter, TType};

macro_rules! base_type {
    ($rust:ty, $ttype:ident, $write:ident, $read:ident
        $(, $write_elements:ident, $read_elements:ident)?) => {
        impl WireType for $rust {
            const TTYPE: TType = TType::$ttype;
        }

        impl Encode for $rust {
            #[inline]
            fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
                writer.$write(*self)
            }

            $(
                #[inline]
                fn encode_elements<W: ProtocolWriter>(
                    items: &[Self],
                    writer: &mut W,
                ) -> ProtocolResult<()> {
                    writer.$write_elements(items)
                }
            )?
        }

        impl Decode for $rust {
            #[inline]
            fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
                reader.$read()
            }

            $(
                #[inline]
                fn decode_elements<R: ProtocolReader>(
                    reader: &mut R,
                    len: usize,
                    out: &mut Vec<Self>,
                ) -> ProtocolResult<()> {
                    reader.$read_elements(len, out)
                }
            )?
        }
    };
}

base_type!(bool, Bool, write_bool, read_bool);
base_type!(i8, I8, write_i8, read_i8);
base_type!(i16, I16, write_i16, read_i16);
base_type!(
    i32,
    I32,
    write_i32,
    read_i32,
    write_i32_elements,
    read_i32_elements
);
base_type!(
    i64,
    I64,
    write_i64,
    read_i64,
    write_i64_elements,
    read_i64_elements
);
base_type!(
    f64,
    Double,
    write_double,
    read_double,
    write_double_elements,
    read_double_elements
);

impl WireType for String {
    const TTYPE: TType = TType::String;
}

impl Encode for String {
    #[inline]
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        writer.write_string(self)
    }
}

impl Decode for String {
    #[inline]
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        reader.read_string()
    }
}

impl WireType for Bytes {
    const TTYPE: TType = TType::String;
}

impl Encode for Bytes {
    #[inline]
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        writer.write_binary(self)
    }
}

impl Decode for Bytes {
    #[inline]
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        reader.read_binary()
    }
}

impl WireType for Uuid {
    const TTYPE: TType = TType::Uuid;
}

impl Encode for Uuid {
    #[inline]
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        writer.write_uuid(self)
    }
}

impl Decode for Uuid {
    #[inline]
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        reader.read_uuid()
    }
}

impl<T: WireType> WireType for Box<T> {
    const TTYPE: TType = T::TTYPE;
}

impl<T: Encode> Encode for Box<T> {
    #[inline]
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        (**self).encode(writer)
    }
}

impl<T: Decode> Decode for Box<T> {
    #[inline]
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        T::decode(reader).map(Box::new)
    }
}
