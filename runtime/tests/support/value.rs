//! The one generic Thrift value tree of the tests: any value the wire
//! protocols can carry, written through [`ProtocolWriter`] and read back
//! through [`ProtocolReader`]. The runtime's property and hostile-input tests
//! (strategies in `strategies.rs`), the fuzz oracle (`fuzz_support/oracle.rs`,
//! also built by `fuzz/`) and the compat round-trip of `trift-tests`
//! (`tests/tests/support/codec.rs`) include this file by path, so it needs
//! nothing but `trift`.
//!
//! Two ways to read: guided by a template value ([`Value::read_like`], the
//! one that was written), the way generated code is guided by the IDL, since
//! the wire alone cannot tell `string` from `binary` (fields the template
//! does not know are skipped); or by wire type alone ([`Value::read`], as the
//! fuzz oracle reads arbitrary bytes).

use trift::protocol::{ProtocolError, ProtocolReader, ProtocolResult, ProtocolWriter, TType, skip};
use trift::{Bytes, Uuid};

/// Any Thrift value. Containers carry their element types so that empty ones
/// are still fully typed.
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
    /// `string` (or any string read as text).
    String(String),
    /// `binary` (or any string read as raw bytes).
    Binary(Bytes),
    /// `uuid`.
    Uuid(Uuid),
    /// A struct: fields in write order, ids unique.
    Struct(Vec<(i16, Value)>),
    /// A list of elements of one type.
    List(TType, Vec<Value>),
    /// A set (duplicates allowed: the wire does not forbid them).
    Set(TType, Vec<Value>),
    /// A map with key and value types.
    Map(TType, TType, Vec<(Value, Value)>),
}

impl PartialEq for Value {
    /// Structural equality where every NaN equals every NaN (text protocols
    /// do not keep NaN payloads) and `0.0 != -0.0` is kept apart by sign.
    fn eq(&self, other: &Self) -> bool {
        use Value::*;
        match (self, other) {
            (Bool(a), Bool(b)) => a == b,
            (I8(a), I8(b)) => a == b,
            (I16(a), I16(b)) => a == b,
            (I32(a), I32(b)) => a == b,
            (I64(a), I64(b)) => a == b,
            (Double(a), Double(b)) => {
                (a.is_nan() && b.is_nan())
                    || (a == b && a.is_sign_negative() == b.is_sign_negative())
            }
            (String(a), String(b)) => a == b,
            (Binary(a), Binary(b)) => a == b,
            (Uuid(a), Uuid(b)) => a == b,
            (Struct(a), Struct(b)) => a == b,
            (List(ta, a), List(tb, b)) | (Set(ta, a), Set(tb, b)) => ta == tb && a == b,
            (Map(ka, va, a), Map(kb, vb, b)) => ka == kb && va == vb && a == b,
            _ => false,
        }
    }
}

impl Value {
    /// The wire type of this value.
    pub fn ttype(&self) -> TType {
        match self {
            Value::Bool(_) => TType::Bool,
            Value::I8(_) => TType::I8,
            Value::I16(_) => TType::I16,
            Value::I32(_) => TType::I32,
            Value::I64(_) => TType::I64,
            Value::Double(_) => TType::Double,
            Value::String(_) | Value::Binary(_) => TType::String,
            Value::Uuid(_) => TType::Uuid,
            Value::Struct(_) => TType::Struct,
            Value::List(..) => TType::List,
            Value::Set(..) => TType::Set,
            Value::Map(..) => TType::Map,
        }
    }

    /// Writes the value (bare: no field header).
    pub fn write<W: ProtocolWriter>(&self, w: &mut W) -> ProtocolResult<()> {
        match self {
            Value::Bool(v) => w.write_bool(*v),
            Value::I8(v) => w.write_i8(*v),
            Value::I16(v) => w.write_i16(*v),
            Value::I32(v) => w.write_i32(*v),
            Value::I64(v) => w.write_i64(*v),
            Value::Double(v) => w.write_double(*v),
            Value::String(v) => w.write_string(v),
            Value::Binary(v) => w.write_binary(v),
            Value::Uuid(v) => w.write_uuid(v),
            Value::Struct(fields) => {
                w.write_struct_begin("Value")?;
                for (id, field) in fields {
                    w.write_field_begin("field", field.ttype(), *id)?;
                    field.write(w)?;
                    w.write_field_end()?;
                }
                w.write_field_stop()?;
                w.write_struct_end()
            }
            Value::List(elem, items) => {
                w.write_list_begin(*elem, items.len())?;
                for item in items {
                    item.write(w)?;
                }
                w.write_list_end()
            }
            Value::Set(elem, items) => {
                w.write_set_begin(*elem, items.len())?;
                for item in items {
                    item.write(w)?;
                }
                w.write_set_end()
            }
            Value::Map(key, value, entries) => {
                w.write_map_begin(*key, *value, entries.len())?;
                for (k, v) in entries {
                    k.write(w)?;
                    v.write(w)?;
                }
                w.write_map_end()
            }
        }
    }

    /// Reads one value of wire type `ttype` with nothing else to go by, however
    /// nested (the reader's depth limit bounds the recursion). Strings become
    /// [`Value::String`] with `text_strings` (JSON, where binary is base64 and
    /// an arbitrary string would not read as binary) and [`Value::Binary`]
    /// otherwise (binary and compact, where both are the same bytes).
    pub fn read<R: ProtocolReader>(
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
            TType::String if text_strings => Value::String(reader.read_string()?),
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
                    fields.push((field.id, Value::read(reader, field.ttype, text_strings)?));
                    reader.read_field_end()?;
                }
                reader.read_struct_end()?;
                Value::Struct(fields)
            }
            TType::List => {
                let header = reader.read_list_begin()?;
                let mut items = Vec::with_capacity(header.len);
                for _ in 0..header.len {
                    items.push(Value::read(reader, header.elem, text_strings)?);
                }
                reader.read_list_end()?;
                Value::List(header.elem, items)
            }
            TType::Set => {
                let header = reader.read_set_begin()?;
                let mut items = Vec::with_capacity(header.len);
                for _ in 0..header.len {
                    items.push(Value::read(reader, header.elem, text_strings)?);
                }
                reader.read_set_end()?;
                Value::Set(header.elem, items)
            }
            TType::Map => {
                let header = reader.read_map_begin()?;
                let mut entries = Vec::with_capacity(header.len);
                for _ in 0..header.len {
                    let key = Value::read(reader, header.key, text_strings)?;
                    let value = Value::read(reader, header.value, text_strings)?;
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

    /// Reads a value shaped like `template` (which supplies what the wire
    /// cannot: string vs binary, and the element shapes of containers).
    pub fn read_like<R: ProtocolReader>(r: &mut R, template: &Value) -> ProtocolResult<Value> {
        Ok(match template {
            Value::Bool(_) => Value::Bool(r.read_bool()?),
            Value::I8(_) => Value::I8(r.read_i8()?),
            Value::I16(_) => Value::I16(r.read_i16()?),
            Value::I32(_) => Value::I32(r.read_i32()?),
            Value::I64(_) => Value::I64(r.read_i64()?),
            Value::Double(_) => Value::Double(r.read_double()?),
            Value::String(_) => Value::String(r.read_string()?),
            Value::Binary(_) => Value::Binary(r.read_binary()?),
            Value::Uuid(_) => Value::Uuid(r.read_uuid()?),
            Value::Struct(template_fields) => {
                r.read_struct_begin()?;
                let mut fields = Vec::new();
                loop {
                    let header = r.read_field_begin()?;
                    if header.ttype == TType::Stop {
                        break;
                    }
                    match template_fields.iter().find(|(id, _)| *id == header.id) {
                        Some((_, field)) if field.ttype() == header.ttype => {
                            fields.push((header.id, Value::read_like(r, field)?));
                        }
                        _ => skip(r, header.ttype)?,
                    }
                    r.read_field_end()?;
                }
                r.read_struct_end()?;
                Value::Struct(fields)
            }
            Value::List(elem, items) => {
                let header = r.read_list_begin()?;
                let items = read_elements(r, *elem, header.elem, header.len, items)?;
                r.read_list_end()?;
                Value::List(*elem, items)
            }
            Value::Set(elem, items) => {
                let header = r.read_set_begin()?;
                let items = read_elements(r, *elem, header.elem, header.len, items)?;
                r.read_set_end()?;
                Value::Set(*elem, items)
            }
            Value::Map(key, value, entries) => {
                let header = r.read_map_begin()?;
                if header.len > 0 && (header.key != *key || header.value != *value) {
                    return Err(ProtocolError::invalid("map types differ from the template"));
                }
                let mut out = Vec::new();
                for index in 0..header.len {
                    let (k, v) = entries.get(index).ok_or_else(|| {
                        ProtocolError::invalid("more map entries than the template")
                    })?;
                    out.push((Value::read_like(r, k)?, Value::read_like(r, v)?));
                }
                r.read_map_end()?;
                Value::Map(*key, *value, out)
            }
        })
    }
}

fn read_elements<R: ProtocolReader>(
    r: &mut R,
    expected: TType,
    found: TType,
    len: usize,
    template: &[Value],
) -> ProtocolResult<Vec<Value>> {
    if len > 0 && found != expected {
        return Err(ProtocolError::invalid(
            "element type differs from the template",
        ));
    }
    let mut out = Vec::new();
    for index in 0..len {
        let item = template
            .get(index)
            .ok_or_else(|| ProtocolError::invalid("more elements than the template"))?;
        out.push(Value::read_like(r, item)?);
    }
    Ok(out)
}
