//! The checks every fuzz target runs on one input, shared by the cargo-fuzz
//! targets (`fuzz/`) and by the regression test that replays found inputs in
//! CI (`runtime/tests/fuzz_regressions.rs`), which include this file by path.
//!
//! For each protocol the input is one frame, decoded twice from scratch:
//!
//! (a) a message header, then the message's struct as a generic value tree;
//!     the same struct must also be skippable by `trift::protocol::skip`,
//!     consuming exactly as many bytes as the full decode did;
//! (b) the realistic generated-like `Order` struct through `Decode` (and,
//!     the same way, `TApplicationException`).
//!
//! Whatever decodes is encoded again and decoded again: the second decode
//! must equal the first (NaN counts as equal to NaN), and encoding that second
//! value must give the very same bytes (a canonical encoding is a fixpoint).
//! Errors are fine; panics, hangs and oracle violations are the bugs.

use trift::protocol::{
    MessageHeader, ProtocolError, ProtocolReader, ProtocolResult, ProtocolWriter, TType, skip,
};
use trift::{ApplicationException, Bytes, Decode, Encode, Uuid};

use super::realistic::Order;

/// One protocol as the oracle drives it.
pub trait FuzzProtocol {
    /// The protocol's frame reader.
    type Reader: ProtocolReader;
    /// The protocol's writer appending to a `Vec<u8>`.
    type Writer<'a>: ProtocolWriter;
    /// Whether strings are read as text (JSON: binary is base64 there, so
    /// reading an arbitrary string as binary would fail) rather than as raw
    /// bytes (binary and compact, where both are the same on the wire).
    const TEXT_STRINGS: bool;
    /// A reader over `frame`.
    fn reader(frame: Bytes) -> Self::Reader;
    /// A writer appending to `out`.
    fn writer(out: &mut Vec<u8>) -> Self::Writer<'_>;
}

/// Any Thrift value, as read by its wire type alone.
#[derive(Debug, Clone)]
pub enum Value {
    /// `bool`.
    Bool(bool),
    /// `i8`.
    I8(i8),
    /// `i16`.
    I16(i16),
    /// `i32`.
    I32(i32),
    /// `i64`.
    I64(i64),
    /// `double`.
    Double(f64),
    /// `string` read as raw bytes.
    Binary(Bytes),
    /// `string` read as text.
    Text(String),
    /// `uuid`.
    Uuid(Uuid),
    /// A struct's fields in wire order.
    Struct(Vec<(i16, Value)>),
    /// A list: element type and elements.
    List(TType, Vec<Value>),
    /// A set: element type and elements.
    Set(TType, Vec<Value>),
    /// A map: key type, value type and entries.
    Map(TType, TType, Vec<(Value, Value)>),
}

impl Value {
    fn ttype(&self) -> TType {
        match self {
            Value::Bool(_) => TType::Bool,
            Value::I8(_) => TType::I8,
            Value::I16(_) => TType::I16,
            Value::I32(_) => TType::I32,
            Value::I64(_) => TType::I64,
            Value::Double(_) => TType::Double,
            Value::Binary(_) | Value::Text(_) => TType::String,
            Value::Uuid(_) => TType::Uuid,
            Value::Struct(_) => TType::Struct,
            Value::List(..) => TType::List,
            Value::Set(..) => TType::Set,
            Value::Map(..) => TType::Map,
        }
    }

    /// Structural equality where NaN equals NaN and an empty map's key and
    /// value types are ignored (compact does not transmit them).
    pub fn same_as(&self, other: &Value) -> bool {
        fn all_same(a: &[Value], b: &[Value]) -> bool {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_as(y))
        }
        match (self, other) {
            (Value::Double(a), Value::Double(b)) => a == b || (a.is_nan() && b.is_nan()),
            (Value::Struct(a), Value::Struct(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|((ia, va), (ib, vb))| ia == ib && va.same_as(vb))
            }
            (Value::List(ta, a), Value::List(tb, b)) | (Value::Set(ta, a), Value::Set(tb, b)) => {
                ta == tb && all_same(a, b)
            }
            (Value::Map(ka, va, a), Value::Map(kb, vb, b)) => {
                (a.is_empty() || (ka == kb && va == vb))
                    && a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|((xa, ya), (xb, yb))| xa.same_as(xb) && ya.same_as(yb))
            }
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::I8(a), Value::I8(b)) => a == b,
            (Value::I16(a), Value::I16(b)) => a == b,
            (Value::I32(a), Value::I32(b)) => a == b,
            (Value::I64(a), Value::I64(b)) => a == b,
            (Value::Binary(a), Value::Binary(b)) => a == b,
            (Value::Text(a), Value::Text(b)) => a == b,
            (Value::Uuid(a), Value::Uuid(b)) => a == b,
            _ => false,
        }
    }
}

/// Reads one value of type `ttype`, however nested (the reader's depth limit
/// bounds the recursion).
pub fn read_value<R: ProtocolReader>(
    reader: &mut R,
    ttype: TType,
    text_strings: bool,
) -> ProtocolResult<Value> {
    Ok(match ttype {
        TType::Bool => Value::Bool(reader.read_bool()?),
        TType::I8 => Value::I8(reader.read_i8()?),
        TType::I16 => Value::I16(reader.read_i16()?),
        TType::I32 => Value::I32(reader.read_i32()?),
        TType::I64 => Value::I64(reader.read_i64()?),
        TType::Double => Value::Double(reader.read_double()?),
        TType::String if text_strings => Value::Text(reader.read_string()?),
        TType::String => Value::Binary(reader.read_binary()?),
        TType::Uuid => Value::Uuid(reader.read_uuid()?),
        TType::Struct => {
            reader.read_struct_begin()?;
            let mut fields = Vec::new();
            loop {
                let field = reader.read_field_begin()?;
                if field.ttype == TType::Stop {
                    break;
                }
                fields.push((field.id, read_value(reader, field.ttype, text_strings)?));
                reader.read_field_end()?;
            }
            reader.read_struct_end()?;
            Value::Struct(fields)
        }
        TType::List => {
            let header = reader.read_list_begin()?;
            let mut items = Vec::with_capacity(header.len);
            for _ in 0..header.len {
                items.push(read_value(reader, header.elem, text_strings)?);
            }
            reader.read_list_end()?;
            Value::List(header.elem, items)
        }
        TType::Set => {
            let header = reader.read_set_begin()?;
            let mut items = Vec::with_capacity(header.len);
            for _ in 0..header.len {
                items.push(read_value(reader, header.elem, text_strings)?);
            }
            reader.read_set_end()?;
            Value::Set(header.elem, items)
        }
        TType::Map => {
            let header = reader.read_map_begin()?;
            let mut entries = Vec::with_capacity(header.len);
            for _ in 0..header.len {
                let key = read_value(reader, header.key, text_strings)?;
                let value = read_value(reader, header.value, text_strings)?;
                entries.push((key, value));
            }
            reader.read_map_end()?;
            Value::Map(header.key, header.value, entries)
        }
        TType::Stop | TType::Void => {
            return Err(ProtocolError::invalid(format!(
                "{ttype:?} is not a value type"
            )));
        }
    })
}

/// Writes one value read by [`read_value`].
pub fn write_value<W: ProtocolWriter>(writer: &mut W, value: &Value) -> ProtocolResult<()> {
    match value {
        Value::Bool(v) => writer.write_bool(*v),
        Value::I8(v) => writer.write_i8(*v),
        Value::I16(v) => writer.write_i16(*v),
        Value::I32(v) => writer.write_i32(*v),
        Value::I64(v) => writer.write_i64(*v),
        Value::Double(v) => writer.write_double(*v),
        Value::Binary(v) => writer.write_binary(v),
        Value::Text(v) => writer.write_string(v),
        Value::Uuid(v) => writer.write_uuid(v),
        Value::Struct(fields) => {
            writer.write_struct_begin("Fuzzed")?;
            for (id, field) in fields {
                writer.write_field_begin("field", field.ttype(), *id)?;
                write_value(writer, field)?;
                writer.write_field_end()?;
            }
            writer.write_field_stop()?;
            writer.write_struct_end()
        }
        Value::List(elem, items) => {
            writer.write_list_begin(*elem, items.len())?;
            for item in items {
                write_value(writer, item)?;
            }
            writer.write_list_end()
        }
        Value::Set(elem, items) => {
            writer.write_set_begin(*elem, items.len())?;
            for item in items {
                write_value(writer, item)?;
            }
            writer.write_set_end()
        }
        Value::Map(key, value_type, entries) => {
            writer.write_map_begin(*key, *value_type, entries.len())?;
            for (k, v) in entries {
                write_value(writer, k)?;
                write_value(writer, v)?;
            }
            writer.write_map_end()
        }
    }
}

fn read_message<P: FuzzProtocol>(frame: Bytes) -> ProtocolResult<(MessageHeader, Value, usize)> {
    let mut reader = P::reader(frame);
    let header = reader.read_message_begin()?;
    let body = read_value(&mut reader, TType::Struct, P::TEXT_STRINGS)?;
    reader.read_message_end()?;
    Ok((header, body, reader.remaining()))
}

fn write_message<P: FuzzProtocol>(header: &MessageHeader, body: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    let mut writer = P::writer(&mut out);
    let written = writer
        .write_message_begin(&header.name, header.kind, header.seqid)
        .and_then(|()| write_value(&mut writer, body))
        .and_then(|()| writer.write_message_end());
    drop(writer);
    if let Err(error) = written {
        panic!("re-encoding a decoded message failed: {error}");
    }
    out
}

/// Part (a): message header plus generic struct, skip agreement, round trip.
pub fn check_message<P: FuzzProtocol>(data: &[u8]) {
    let frame = Bytes::copy_from_slice(data);
    let Ok((header, body, remaining)) = read_message::<P>(frame.clone()) else {
        return;
    };

    let mut skipper = P::reader(frame);
    let skipped = skipper
        .read_message_begin()
        .and_then(|_| skip(&mut skipper, TType::Struct))
        .and_then(|()| skipper.read_message_end());
    if let Err(error) = skipped {
        panic!("skip failed on a struct that decodes: {error}");
    }
    assert_eq!(
        skipper.remaining(),
        remaining,
        "skip and a full decode consumed different byte counts"
    );

    let encoded = write_message::<P>(&header, &body);
    let (header2, body2, remaining2) = match read_message::<P>(Bytes::from(encoded.clone())) {
        Ok(decoded) => decoded,
        Err(error) => panic!("re-decoding our own encoding failed: {error}"),
    };
    assert_eq!(remaining2, 0, "our own encoding left trailing bytes");
    assert_eq!(header, header2, "message header changed in a round trip");
    assert!(
        body.same_as(&body2),
        "value changed in a round trip:\n{body:?}\n{body2:?}"
    );
    assert_eq!(
        write_message::<P>(&header2, &body2),
        encoded,
        "encoding is not a fixpoint"
    );
}

fn encode_value<P: FuzzProtocol, T: Encode>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    if let Err(error) = value.encode(&mut P::writer(&mut out)) {
        panic!("encoding a decoded value failed: {error}");
    }
    out
}

/// Decodes a `T` from `data`; if that works, checks the round trip and the
/// fixpoint with `same` as the value equality.
fn check_round_trip<P: FuzzProtocol, T: Encode + Decode + std::fmt::Debug>(
    data: &[u8],
    same: fn(&T, &T) -> bool,
) {
    let Ok(value) = T::decode(&mut P::reader(Bytes::copy_from_slice(data))) else {
        return;
    };
    let encoded = encode_value::<P, T>(&value);
    let value2 = match T::decode(&mut P::reader(Bytes::from(encoded.clone()))) {
        Ok(decoded) => decoded,
        Err(error) => panic!("re-decoding our own encoding failed: {error}"),
    };
    assert!(
        same(&value, &value2),
        "value changed in a round trip:\n{value:?}\n{value2:?}"
    );
    assert_eq!(
        encode_value::<P, T>(&value2),
        encoded,
        "encoding is not a fixpoint"
    );
}

/// Runs every check on one input: (a) message + generic struct, (b) the
/// realistic `Order`, and `TApplicationException` as a bonus decoder.
pub fn check_all<P: FuzzProtocol>(data: &[u8]) {
    check_message::<P>(data);
    check_round_trip::<P, Order>(data, Order::same_as);
    check_round_trip::<P, ApplicationException>(data, |a, b| a == b);
}
