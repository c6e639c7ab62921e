//! The short type names TJSONProtocol writes in place of numeric type ids.

use crate::protocol::{ProtocolError, ProtocolErrorKind, ProtocolResult, TType};

/// The JSON name of a value type. `Stop` and `Void` never travel as values,
/// so they have no name and writing them is an error.
pub(crate) fn type_name(ttype: TType) -> ProtocolResult<&'static str> {
    Ok(match ttype {
        TType::Bool => "tf",
        TType::I8 => "i8",
        TType::I16 => "i16",
        TType::I32 => "i32",
        TType::I64 => "i64",
        TType::Double => "dbl",
        TType::String => "str",
        TType::Struct => "rec",
        TType::List => "lst",
        TType::Set => "set",
        TType::Map => "map",
        TType::Uuid => "uid",
        TType::Stop | TType::Void => {
            return Err(ProtocolError::new(
                ProtocolErrorKind::UnknownType,
                format!("{ttype:?} has no TJSONProtocol type name"),
            ));
        }
    })
}

/// Decodes a type name. Matching is exact: Apache's C++ and Java readers
/// only look at the first two letters, but every Apache writer sends the full
/// names, so nothing legitimate is lost by rejecting anything else.
pub(crate) fn type_from_name(name: &[u8]) -> ProtocolResult<TType> {
    Ok(match name {
        b"tf" => TType::Bool,
        b"i8" => TType::I8,
        b"i16" => TType::I16,
        b"i32" => TType::I32,
        b"i64" => TType::I64,
        b"dbl" => TType::Double,
        b"str" => TType::String,
        b"rec" => TType::Struct,
        b"lst" => TType::List,
        b"set" => TType::Set,
        b"map" => TType::Map,
        b"uid" => TType::Uuid,
        other => {
            return Err(ProtocolError::new(
                ProtocolErrorKind::UnknownType,
                format!(
                    "unknown TJSONProtocol type name {:?}",
                    String::from_utf8_lossy(other)
                ),
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_type_round_trips_through_its_name() {
        for ttype in [
            TType::Bool,
            TType::I8,
            TType::I16,
            TType::I32,
            TType::I64,
            TType::Double,
            TType::String,
            TType::Struct,
            TType::List,
            TType::Set,
            TType::Map,
            TType::Uuid,
        ] {
            let name = type_name(ttype).unwrap();
            assert_eq!(type_from_name(name.as_bytes()).unwrap(), ttype);
        }
    }

    #[test]
    fn stop_void_and_unknown_names_are_rejected() {
        assert!(type_name(TType::Stop).is_err());
        assert!(type_name(TType::Void).is_err());
        for bad in [&b""[..], b"i", b"uuid", b"STR", b"st", b"i64 "] {
            let err = type_from_name(bad).unwrap_err();
            assert_eq!(err.kind(), ProtocolErrorKind::UnknownType);
        }
    }
}
