//! A schema-driven encoder and decoder for the compat round-trip property,
//! standing in for generated code until codegen lands: it writes and reads
//! `struct S` of one schema version with trift's protocol traits, following
//! Thrift's rules for reading another version's bytes: unknown ids and ids
//! whose wire type does not match are skipped (`trift::protocol::skip`), a
//! missing field stays unset, and a missing required field is an error.

use std::collections::BTreeMap;

use bytes::Bytes;
use trift::protocol::{
    BinaryReader, BinaryWriter, CompactReader, CompactWriter, ProtocolReader, ProtocolResult,
    ProtocolWriter, TType, skip,
};

use super::schema::{FieldDef, FieldType, Req, Schema};
use super::value::Value;

/// The fields of the fixed struct `Inner`.
fn inner_fields() -> Vec<FieldDef> {
    vec![
        FieldDef {
            id: 1,
            name: "a".into(),
            ty: FieldType::I32,
            req: Req::Default,
        },
        FieldDef {
            id: 2,
            name: "b".into(),
            ty: FieldType::String,
            req: Req::Optional,
        },
    ]
}

/// The wire type of `ty`.
pub(crate) fn ttype(ty: &FieldType) -> TType {
    match ty {
        FieldType::Bool => TType::Bool,
        FieldType::I8 => TType::I8,
        FieldType::I16 => TType::I16,
        FieldType::I32 | FieldType::Color => TType::I32,
        FieldType::I64 => TType::I64,
        FieldType::Double => TType::Double,
        FieldType::String | FieldType::Binary => TType::String,
        FieldType::Inner => TType::Struct,
        FieldType::List(_) => TType::List,
        FieldType::Set(_) => TType::Set,
        FieldType::Map(..) => TType::Map,
    }
}

/// Why a value could not be written or read.
pub(crate) type Failure = String;

fn mismatch(ty: &FieldType, value: &Value) -> Failure {
    format!("value {value:?} does not fit {}", ty.idl())
}

fn write_value<W: ProtocolWriter>(w: &mut W, ty: &FieldType, value: &Value) -> Result<(), Failure> {
    let io = |r: ProtocolResult<()>| r.map_err(|e| e.to_string());
    match (ty, value) {
        (FieldType::Bool, Value::Bool(v)) => io(w.write_bool(*v)),
        (FieldType::I8, Value::I8(v)) => io(w.write_i8(*v)),
        (FieldType::I16, Value::I16(v)) => io(w.write_i16(*v)),
        (FieldType::I32 | FieldType::Color, Value::I32(v)) => io(w.write_i32(*v)),
        (FieldType::I64, Value::I64(v)) => io(w.write_i64(*v)),
        (FieldType::Double, Value::Double(v)) => io(w.write_double(*v)),
        (FieldType::String, Value::String(v)) => io(w.write_string(v)),
        (FieldType::Binary, Value::Binary(v)) => io(w.write_binary(v)),
        (FieldType::Inner, Value::Struct(fields)) => {
            let fields: BTreeMap<i16, Value> = fields.iter().cloned().collect();
            write_struct(w, &inner_fields(), &fields)
        }
        (FieldType::List(e), Value::List(_, items)) => {
            io(w.write_list_begin(ttype(e), items.len()))?;
            for item in items {
                write_value(w, e, item)?;
            }
            io(w.write_list_end())
        }
        (FieldType::Set(e), Value::Set(_, items)) => {
            io(w.write_set_begin(ttype(e), items.len()))?;
            for item in items {
                write_value(w, e, item)?;
            }
            io(w.write_set_end())
        }
        (FieldType::Map(k, v), Value::Map(_, _, entries)) => {
            io(w.write_map_begin(ttype(k), ttype(v), entries.len()))?;
            for (key, value) in entries {
                write_value(w, k, key)?;
                write_value(w, v, value)?;
            }
            io(w.write_map_end())
        }
        _ => Err(mismatch(ty, value)),
    }
}

fn write_struct<W: ProtocolWriter>(
    w: &mut W,
    fields: &[FieldDef],
    values: &BTreeMap<i16, Value>,
) -> Result<(), Failure> {
    let io = |r: ProtocolResult<()>| r.map_err(|e| e.to_string());
    io(w.write_struct_begin("S"))?;
    for field in fields {
        if let Some(value) = values.get(&field.id) {
            io(w.write_field_begin(&field.name, ttype(&field.ty), field.id))?;
            write_value(w, &field.ty, value)?;
            io(w.write_field_end())?;
        }
    }
    io(w.write_field_stop())?;
    io(w.write_struct_end())
}

/// Element types in a container header must be the schema's (when there are elements).
fn check_elem(header: TType, ty: &FieldType, len: usize) -> Result<(), Failure> {
    if len > 0 && header != ttype(ty) {
        return Err(format!(
            "container holds {header:?}, schema expects {}",
            ty.idl()
        ));
    }
    Ok(())
}

fn read_value<R: ProtocolReader>(r: &mut R, ty: &FieldType) -> Result<Value, Failure> {
    let e = |e: trift::protocol::ProtocolError| e.to_string();
    Ok(match ty {
        FieldType::Bool => Value::Bool(r.read_bool().map_err(e)?),
        FieldType::I8 => Value::I8(r.read_i8().map_err(e)?),
        FieldType::I16 => Value::I16(r.read_i16().map_err(e)?),
        FieldType::I32 | FieldType::Color => Value::I32(r.read_i32().map_err(e)?),
        FieldType::I64 => Value::I64(r.read_i64().map_err(e)?),
        FieldType::Double => Value::Double(r.read_double().map_err(e)?),
        FieldType::String => Value::String(r.read_string().map_err(e)?),
        FieldType::Binary => Value::Binary(r.read_binary().map_err(e)?),
        FieldType::Inner => Value::Struct(read_struct(r, &inner_fields())?.into_iter().collect()),
        FieldType::List(elem) => {
            let header = r.read_list_begin().map_err(e)?;
            check_elem(header.elem, elem, header.len)?;
            let items = (0..header.len)
                .map(|_| read_value(r, elem))
                .collect::<Result<_, _>>()?;
            r.read_list_end().map_err(e)?;
            Value::List(ttype(elem), items)
        }
        FieldType::Set(elem) => {
            let header = r.read_set_begin().map_err(e)?;
            check_elem(header.elem, elem, header.len)?;
            let items = (0..header.len)
                .map(|_| read_value(r, elem))
                .collect::<Result<_, _>>()?;
            r.read_set_end().map_err(e)?;
            Value::Set(ttype(elem), items)
        }
        FieldType::Map(k, v) => {
            let header = r.read_map_begin().map_err(e)?;
            check_elem(header.key, k, header.len)?;
            check_elem(header.value, v, header.len)?;
            let mut entries = Vec::with_capacity(header.len);
            for _ in 0..header.len {
                let key = read_value(r, k)?;
                entries.push((key, read_value(r, v)?));
            }
            r.read_map_end().map_err(e)?;
            Value::Map(ttype(k), ttype(v), entries)
        }
    })
}

fn read_struct<R: ProtocolReader>(
    r: &mut R,
    fields: &[FieldDef],
) -> Result<BTreeMap<i16, Value>, Failure> {
    let e = |e: trift::protocol::ProtocolError| e.to_string();
    let mut values = BTreeMap::new();
    r.read_struct_begin().map_err(e)?;
    loop {
        let header = r.read_field_begin().map_err(e)?;
        if header.ttype == TType::Stop {
            break;
        }
        match fields.iter().find(|f| f.id == header.id) {
            Some(field) if ttype(&field.ty) == header.ttype => {
                values.insert(field.id, read_value(r, &field.ty)?);
            }
            // Unknown id, or a wire type this version does not expect.
            _ => skip(r, header.ttype).map_err(e)?,
        }
        r.read_field_end().map_err(e)?;
    }
    r.read_struct_end().map_err(e)?;
    for field in fields.iter().filter(|f| f.req == Req::Required) {
        if !values.contains_key(&field.id) {
            return Err(format!("required field `{}` is missing", field.name));
        }
    }
    Ok(values)
}

/// The two protocols generated code must interoperate over.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Protocol {
    Binary,
    Compact,
}

/// Encodes `value` as `struct S` of `schema`.
pub(crate) fn encode(
    protocol: Protocol,
    schema: &Schema,
    value: &BTreeMap<i16, Value>,
) -> Result<Bytes, Failure> {
    Ok(match protocol {
        Protocol::Binary => {
            let mut w = BinaryWriter::new(Vec::new());
            write_struct(&mut w, &schema.fields, value)?;
            Bytes::from(w.into_inner())
        }
        Protocol::Compact => {
            let mut w = CompactWriter::new(Vec::new());
            write_struct(&mut w, &schema.fields, value)?;
            Bytes::from(w.into_inner())
        }
    })
}

/// Decodes `struct S` of `schema` from `bytes`, which must be used up.
pub(crate) fn decode(
    protocol: Protocol,
    schema: &Schema,
    bytes: Bytes,
) -> Result<BTreeMap<i16, Value>, Failure> {
    let (value, left) = match protocol {
        Protocol::Binary => {
            let mut r = BinaryReader::new(bytes);
            (read_struct(&mut r, &schema.fields)?, r.remaining())
        }
        Protocol::Compact => {
            let mut r = CompactReader::new(bytes);
            (read_struct(&mut r, &schema.fields)?, r.remaining())
        }
    };
    if left != 0 {
        return Err(format!("{left} bytes left after the struct"));
    }
    Ok(value)
}
