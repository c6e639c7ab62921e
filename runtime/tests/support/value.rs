//! A generic Thrift value tree for property tests: any value the wire
//! protocols can carry, written through [`ProtocolWriter`] and read back
//! through [`ProtocolReader`], plus proptest strategies that generate it.
//!
//! Reading is guided by a template value (the one that was written), the way
//! generated code is guided by the IDL: the wire alone cannot tell `string`
//! from `binary`. Fields the template does not know are skipped.

use bytes::Bytes;
use proptest::collection::vec;
use proptest::prelude::*;
use trift::Uuid;
use trift::protocol::{ProtocolError, ProtocolReader, ProtocolResult, ProtocolWriter, TType, skip};

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
    /// `string`.
    String(String),
    /// `binary`.
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

/// The shape of a value: its type down to the leaves, so that every element
/// of a container can be generated with the same type.
#[derive(Debug, Clone)]
pub enum Shape {
    /// A base type (not a struct or container).
    Leaf(TType, bool),
    /// A struct with these field ids and shapes.
    Struct(Vec<(i16, Shape)>),
    /// A list of elements of one shape.
    List(Box<Shape>),
    /// A set of elements of one shape.
    Set(Box<Shape>),
    /// A map.
    Map(Box<Shape>, Box<Shape>),
}

/// Base types; the flag tells `binary` from `string`.
fn leaf_shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        Just(Shape::Leaf(TType::Bool, false)),
        Just(Shape::Leaf(TType::I8, false)),
        Just(Shape::Leaf(TType::I16, false)),
        Just(Shape::Leaf(TType::I32, false)),
        Just(Shape::Leaf(TType::I64, false)),
        Just(Shape::Leaf(TType::Double, false)),
        Just(Shape::Leaf(TType::String, false)),
        Just(Shape::Leaf(TType::String, true)),
        Just(Shape::Leaf(TType::Uuid, false)),
    ]
}

/// Shapes nested up to a few levels. With `scalar_map_keys`, map keys are
/// only base types (what JSON-like protocols can key a map by).
pub fn arb_shape(scalar_map_keys: bool) -> impl Strategy<Value = Shape> {
    leaf_shape().prop_recursive(4, 48, 6, move |inner| {
        let key = if scalar_map_keys {
            leaf_shape().boxed()
        } else {
            inner.clone().boxed()
        };
        prop_oneof![
            vec((any::<i16>(), inner.clone()), 0..6).prop_map(|fields| {
                let mut seen = std::collections::HashSet::new();
                Shape::Struct(
                    fields
                        .into_iter()
                        .filter(|(id, _)| seen.insert(*id))
                        .collect(),
                )
            }),
            inner.clone().prop_map(|e| Shape::List(Box::new(e))),
            inner.clone().prop_map(|e| Shape::Set(Box::new(e))),
            (key, inner).prop_map(|(k, v)| Shape::Map(Box::new(k), Box::new(v))),
        ]
    })
}

impl Shape {
    fn ttype(&self) -> TType {
        match self {
            Shape::Leaf(ttype, _) => *ttype,
            Shape::Struct(_) => TType::Struct,
            Shape::List(_) => TType::List,
            Shape::Set(_) => TType::Set,
            Shape::Map(..) => TType::Map,
        }
    }
}

/// Values of `shape`. Containers get 0 to 20 elements, so compact's long list
/// header (15 and up) is exercised.
pub fn value_of(shape: Shape) -> BoxedStrategy<Value> {
    match shape {
        Shape::Leaf(ttype, binary) => match ttype {
            TType::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
            TType::I8 => any::<i8>().prop_map(Value::I8).boxed(),
            TType::I16 => any::<i16>().prop_map(Value::I16).boxed(),
            TType::I32 => any::<i32>().prop_map(Value::I32).boxed(),
            TType::I64 => any::<i64>().prop_map(Value::I64).boxed(),
            TType::Double => any::<f64>().prop_map(Value::Double).boxed(),
            TType::String if binary => vec(any::<u8>(), 0..40)
                .prop_map(|b| Value::Binary(Bytes::from(b)))
                .boxed(),
            TType::String => any::<String>().prop_map(Value::String).boxed(),
            _ => any::<[u8; 16]>()
                .prop_map(|b| Value::Uuid(Uuid::from_bytes(b)))
                .boxed(),
        },
        Shape::Struct(fields) => {
            let strategies: Vec<_> = fields
                .into_iter()
                .map(|(id, shape)| value_of(shape).prop_map(move |v| (id, v)))
                .collect();
            strategies.prop_map(Value::Struct).boxed()
        }
        Shape::List(elem) => {
            let ttype = elem.ttype();
            vec(value_of(*elem), 0..20)
                .prop_map(move |items| Value::List(ttype, items))
                .boxed()
        }
        Shape::Set(elem) => {
            let ttype = elem.ttype();
            vec(value_of(*elem), 0..20)
                .prop_map(move |items| Value::Set(ttype, items))
                .boxed()
        }
        Shape::Map(key, value) => {
            let (kt, vt) = (key.ttype(), value.ttype());
            vec((value_of(*key), value_of(*value)), 0..20)
                .prop_map(move |entries| Value::Map(kt, vt, entries))
                .boxed()
        }
    }
}

/// Any value tree; map keys may be containers or structs.
pub fn arb_value() -> impl Strategy<Value = Value> {
    arb_shape(false).prop_flat_map(value_of)
}

/// Any value tree whose map keys are base types.
pub fn arb_value_scalar_keys() -> impl Strategy<Value = Value> {
    arb_shape(true).prop_flat_map(value_of)
}

/// Any struct value (the usual top level of a message).
pub fn arb_struct() -> impl Strategy<Value = Value> {
    vec((any::<i16>(), arb_shape(false)), 0..8)
        .prop_map(|fields| {
            let mut seen = std::collections::HashSet::new();
            Shape::Struct(
                fields
                    .into_iter()
                    .filter(|(id, _)| seen.insert(*id))
                    .collect(),
            )
        })
        .prop_flat_map(value_of)
}
