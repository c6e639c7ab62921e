//! Encoding and decoding [`Value`]s of a [`Schema`]'s types through any
//! [`ProtocolWriter`] / [`ProtocolReader`].
//!
//! The rules are generated code's (`trift-codegen`'s `gen/codec.rs`): fields
//! in declaration order, absent (`None`) fields not written; on decode, a
//! known id with an unexpected wire type and unknown ids are skipped, absent
//! fields take their default, a field that must arrive and did not is
//! `missing_field`, a union with two members set is `union_extra_field`, and
//! container element types are checked as the runtime's containers check
//! them. The reader's limits bound lengths and nesting, and no container
//! preallocates more memory than the bytes left in the frame.

use trift::__codegen;
use trift::codec::check_element_type;
use trift::protocol::{ProtocolError, ProtocolReader, ProtocolResult, ProtocolWriter, TType};
use trift_idl::model::StructKind;

use crate::schema::{Schema, StructDesc, Ty};
use crate::value::Value;

#[cold]
fn mismatch(schema: &Schema, ty: &Ty, value: &Value) -> ProtocolError {
    ProtocolError::invalid(format!(
        "cannot encode a {} value as {}",
        value.kind(),
        schema.type_name(ty)
    ))
}

/// Encodes `value` as a value of type `ty`.
///
/// Fails (without panicking) when the value does not have the shape of the
/// type, or when the writer cannot represent it.
pub fn encode<W: ProtocolWriter>(
    schema: &Schema,
    ty: &Ty,
    value: &Value,
    writer: &mut W,
) -> ProtocolResult<()> {
    match (ty, value) {
        (Ty::Bool, Value::Bool(v)) => writer.write_bool(*v),
        (Ty::I8, Value::I8(v)) => writer.write_i8(*v),
        (Ty::I16, Value::I16(v)) => writer.write_i16(*v),
        (Ty::I32 | Ty::Enum(_), Value::I32(v)) => writer.write_i32(*v),
        (Ty::I64, Value::I64(v)) => writer.write_i64(*v),
        (Ty::Double, Value::Double(v)) => writer.write_double(*v),
        (Ty::String, Value::String(v)) => writer.write_string(v),
        (Ty::Binary, Value::Binary(v)) => writer.write_binary(v),
        (Ty::Uuid, Value::Uuid(v)) => writer.write_uuid(v),
        (Ty::List(elem), Value::List(items)) => {
            writer.write_list_begin(elem.ttype(), items.len())?;
            encode_elements(schema, elem, items, writer)?;
            writer.write_list_end()
        }
        (Ty::Set(elem), Value::Set(items)) => {
            writer.write_set_begin(elem.ttype(), items.len())?;
            encode_elements(schema, elem, items, writer)?;
            writer.write_set_end()
        }
        (Ty::Map(key, val), Value::Map(pairs)) => {
            writer.write_map_begin(key.ttype(), val.ttype(), pairs.len())?;
            for (k, v) in pairs {
                encode(schema, key, k, writer)?;
                encode(schema, val, v, writer)?;
            }
            writer.write_map_end()
        }
        (Ty::Struct(index), Value::Struct(fields)) => match schema.structs.get(*index) {
            Some(desc) => encode_struct(schema, desc, fields, writer),
            None => Err(mismatch(schema, ty, value)),
        },
        _ => Err(mismatch(schema, ty, value)),
    }
}

/// Writes the elements of a list or set. The element type is matched once,
/// not per element: a `list<i64>` is one tight loop of `write_i64`.
fn encode_elements<W: ProtocolWriter>(
    schema: &Schema,
    elem: &Ty,
    items: &[Value],
    writer: &mut W,
) -> ProtocolResult<()> {
    macro_rules! each {
        ($variant:ident($v:ident) => $write:expr) => {
            for item in items {
                match item {
                    Value::$variant($v) => $write?,
                    other => return Err(mismatch(schema, elem, other)),
                }
            }
        };
    }
    match elem {
        Ty::Bool => each!(Bool(v) => writer.write_bool(*v)),
        Ty::I8 => each!(I8(v) => writer.write_i8(*v)),
        Ty::I16 => each!(I16(v) => writer.write_i16(*v)),
        Ty::I32 | Ty::Enum(_) => each!(I32(v) => writer.write_i32(*v)),
        Ty::I64 => each!(I64(v) => writer.write_i64(*v)),
        Ty::Double => each!(Double(v) => writer.write_double(*v)),
        Ty::String => each!(String(v) => writer.write_string(v)),
        Ty::Binary => each!(Binary(v) => writer.write_binary(v)),
        Ty::Uuid => each!(Uuid(v) => writer.write_uuid(v)),
        _ => {
            for item in items {
                encode(schema, elem, item, writer)?;
            }
        }
    }
    Ok(())
}

/// Encodes the fields of a struct-like value described by `desc`.
pub fn encode_struct<W: ProtocolWriter>(
    schema: &Schema,
    desc: &StructDesc,
    fields: &[Option<Value>],
    writer: &mut W,
) -> ProtocolResult<()> {
    if fields.len() != desc.fields.len() {
        return Err(ProtocolError::invalid(format!(
            "a value of `{}` needs {} field slots, found {}",
            desc.name,
            desc.fields.len(),
            fields.len()
        )));
    }
    writer.write_struct_begin(&desc.name)?;
    for (field, slot) in desc.fields.iter().zip(fields) {
        if let Some(value) = slot {
            writer.write_field_begin(&field.name, field.ty.ttype(), field.id)?;
            encode(schema, &field.ty, value, writer)?;
            writer.write_field_end()?;
        }
    }
    writer.write_field_stop()?;
    writer.write_struct_end()
}

/// Decodes a value of type `ty`.
pub fn decode<R: ProtocolReader>(
    schema: &Schema,
    ty: &Ty,
    reader: &mut R,
) -> ProtocolResult<Value> {
    Ok(match ty {
        Ty::Bool => Value::Bool(reader.read_bool()?),
        Ty::I8 => Value::I8(reader.read_i8()?),
        Ty::I16 => Value::I16(reader.read_i16()?),
        Ty::I32 | Ty::Enum(_) => Value::I32(reader.read_i32()?),
        Ty::I64 => Value::I64(reader.read_i64()?),
        Ty::Double => Value::Double(reader.read_double()?),
        Ty::String => Value::String(reader.read_string()?),
        Ty::Binary => Value::Binary(reader.read_binary()?),
        Ty::Uuid => Value::Uuid(reader.read_uuid()?),
        Ty::List(elem) => {
            let header = reader.read_list_begin()?;
            check_element_type(header.elem, elem.ttype(), header.len)?;
            let items = decode_elements(schema, elem, header.len, reader)?;
            reader.read_list_end()?;
            Value::List(items)
        }
        Ty::Set(elem) => {
            let header = reader.read_set_begin()?;
            check_element_type(header.elem, elem.ttype(), header.len)?;
            let items = decode_elements(schema, elem, header.len, reader)?;
            reader.read_set_end()?;
            Value::Set(items)
        }
        Ty::Map(key, val) => {
            let header = reader.read_map_begin()?;
            check_element_type(header.key, key.ttype(), header.len)?;
            check_element_type(header.value, val.ttype(), header.len)?;
            let mut pairs =
                Vec::with_capacity(element_capacity::<(Value, Value), _>(header.len, reader));
            for _ in 0..header.len {
                let k = decode(schema, key, reader)?;
                let v = decode(schema, val, reader)?;
                pairs.push((k, v));
            }
            reader.read_map_end()?;
            Value::Map(pairs)
        }
        Ty::Struct(index) => match schema.structs.get(*index) {
            Some(desc) => Value::Struct(decode_struct(schema, desc, reader)?),
            None => return Err(ProtocolError::invalid("struct index outside the schema")),
        },
    })
}

/// How many `T`s to preallocate for a declared length `len`: never more
/// than the bytes left in the frame, so a lying length allocates no more
/// memory than the bytes actually present (a longer true list grows as it
/// is read).
fn element_capacity<T, R: ProtocolReader>(len: usize, reader: &R) -> usize {
    len.min(reader.remaining() / std::mem::size_of::<T>().max(1))
}

/// Reads `len` elements of type `elem`. The element type is matched once,
/// not per element, and fixed-size values are read a chunk at a time into a
/// plain array before they become `Value`s, so a `list<i64>` is a tight loop
/// of `read_i64` as in generated code.
fn decode_elements<R: ProtocolReader>(
    schema: &Schema,
    elem: &Ty,
    len: usize,
    reader: &mut R,
) -> ProtocolResult<Vec<Value>> {
    const CHUNK: usize = 32;
    let mut items = Vec::with_capacity(element_capacity::<Value, _>(len, reader));
    macro_rules! chunked {
        ($zero:expr, $read:ident, $variant:ident) => {{
            let mut chunk = [$zero; CHUNK];
            let mut left = len;
            while left > 0 {
                let n = left.min(CHUNK);
                for slot in &mut chunk[..n] {
                    *slot = reader.$read()?;
                }
                items.extend(chunk[..n].iter().map(|&v| Value::$variant(v)));
                left -= n;
            }
        }};
    }
    match elem {
        Ty::Bool => chunked!(false, read_bool, Bool),
        Ty::I8 => chunked!(0, read_i8, I8),
        Ty::I16 => chunked!(0, read_i16, I16),
        Ty::I32 | Ty::Enum(_) => chunked!(0, read_i32, I32),
        Ty::I64 => chunked!(0, read_i64, I64),
        Ty::Double => chunked!(0.0, read_double, Double),
        _ => {
            for _ in 0..len {
                items.push(decode(schema, elem, reader)?);
            }
        }
    }
    Ok(items)
}

/// Decodes the fields of a struct-like value described by `desc`.
pub fn decode_struct<R: ProtocolReader>(
    schema: &Schema,
    desc: &StructDesc,
    reader: &mut R,
) -> ProtocolResult<Vec<Option<Value>>> {
    let union = desc.kind == StructKind::Union;
    reader.read_struct_begin()?;
    let mut fields: Vec<Option<Value>> = vec![None; desc.fields.len()];
    let mut set = false;
    loop {
        let header = reader.read_field_begin()?;
        if header.ttype == TType::Stop {
            break;
        }
        match desc.field_by_id(header.id) {
            Some(position) if desc.fields[position].ty.ttype() == header.ttype => {
                let field = &desc.fields[position];
                if union && set {
                    return Err(__codegen::union_extra_field(&desc.name, &field.name));
                }
                fields[position] = Some(decode(schema, &field.ty, reader)?);
                set = true;
            }
            _ => trift::protocol::skip(reader, header.ttype)?,
        }
        reader.read_field_end()?;
    }
    reader.read_struct_end()?;
    if !union {
        for (field, slot) in desc.fields.iter().zip(fields.iter_mut()) {
            if slot.is_some() {
                continue;
            }
            if field.must_arrive {
                return Err(__codegen::missing_field(&desc.name, &field.name));
            }
            *slot = field.default.clone();
        }
    }
    Ok(fields)
}
