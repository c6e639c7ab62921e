//! An empty Thrift struct, for tests and benches whose calls carry no data.

use trift::protocol::{ProtocolReader, ProtocolResult, ProtocolWriter, TType};
use trift::{Decode, Encode, WireType};

/// An empty struct: the arguments and the result of a call that carries
/// nothing.
#[derive(Debug, Clone, Default)]
pub(crate) struct Empty;

impl WireType for Empty {
    const TTYPE: TType = TType::Struct;
}

impl Encode for Empty {
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        writer.write_struct_begin("empty")?;
        writer.write_field_stop()?;
        writer.write_struct_end()
    }
}

impl Decode for Empty {
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        reader.read_struct_begin()?;
        let field = reader.read_field_begin()?;
        if field.ttype != TType::Stop {
            trift::protocol::skip(reader, field.ttype)?;
        }
        reader.read_struct_end()?;
        Ok(Empty)
    }
}
