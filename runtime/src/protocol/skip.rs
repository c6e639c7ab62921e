//! Skipping one value of any type, however nested, without keeping it.
//!
//! Used for unknown fields and for fields whose wire type does not match the
//! IDL. Nesting is bounded by the reader's depth limit, which its struct and
//! container begin calls enforce, so hostile input cannot overflow the stack.

use super::{ProtocolError, ProtocolReader, ProtocolResult, TType};

/// Reads and discards one value of type `ttype`, including everything nested
/// in it.
///
/// Consumes exactly the bytes a full decode of the value would. Strings are
/// skipped with [`ProtocolReader::skip_string`], so length-prefixed protocols
/// neither copy nor UTF-8-check them.
pub fn skip<R: ProtocolReader + ?Sized>(reader: &mut R, ttype: TType) -> ProtocolResult<()> {
    match ttype {
        TType::Bool => reader.read_bool().map(drop),
        TType::I8 => reader.read_i8().map(drop),
        TType::I16 => reader.read_i16().map(drop),
        TType::I32 => reader.read_i32().map(drop),
        TType::I64 => reader.read_i64().map(drop),
        TType::Double => reader.read_double().map(drop),
        TType::String => reader.skip_string(),
        TType::Uuid => reader.read_uuid().map(drop),
        TType::Struct => {
            reader.read_struct_begin()?;
            loop {
                let field = reader.read_field_begin()?;
                if field.ttype == TType::Stop {
                    break;
                }
                skip(reader, field.ttype)?;
                reader.read_field_end()?;
            }
            reader.read_struct_end()
        }
        TType::List => {
            let header = reader.read_list_begin()?;
            for _ in 0..header.len {
                skip(reader, header.elem)?;
            }
            reader.read_list_end()
        }
        TType::Set => {
            let header = reader.read_set_begin()?;
            for _ in 0..header.len {
                skip(reader, header.elem)?;
            }
            reader.read_set_end()
        }
        TType::Map => {
            let header = reader.read_map_begin()?;
            for _ in 0..header.len {
                skip(reader, header.key)?;
                skip(reader, header.value)?;
            }
            reader.read_map_end()
        }
        TType::Stop | TType::Void => Err(unskippable(ttype)),
    }
}

#[cold]
fn unskippable(ttype: TType) -> ProtocolError {
    ProtocolError::invalid(format!("a value of type {ttype:?} cannot be skipped"))
}
