//! Proptest strategies for the value tree of `value.rs`: shapes (types down
//! to the leaves) and values of a shape, so every element of a container has
//! the same type.

use proptest::collection::vec;
use proptest::prelude::*;
use trift::protocol::TType;
use trift::{Bytes, Uuid};

use super::value::Value;

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
