//! Property tests: any value tree written by [`JsonWriter`] reads back equal
//! through [`JsonReader`], and skipping it consumes exactly the same bytes.

use bytes::Bytes;
use proptest::prelude::*;
use uuid::Uuid;

use super::hostile::skip;
use super::{JsonReader, JsonWriter};
use crate::protocol::{Limits, MessageType, ProtocolReader, ProtocolResult, ProtocolWriter, TType};

/// A Thrift value with its type, enough to drive a writer and check a reader.
#[derive(Debug, Clone)]
enum Value {
    Bool(bool),
    I8(i8),
    I16(i16),
    I32(i32),
    I64(i64),
    Double(f64),
    Str(String),
    Bin(Vec<u8>),
    Uuid(u128),
    Struct(Vec<(i16, Value)>),
    List(TType, Vec<Value>),
    Set(TType, Vec<Value>),
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
            Value::Str(_) | Value::Bin(_) => TType::String,
            Value::Uuid(_) => TType::Uuid,
            Value::Struct(_) => TType::Struct,
            Value::List(..) => TType::List,
            Value::Set(..) => TType::Set,
            Value::Map(..) => TType::Map,
        }
    }

    fn write<W: ProtocolWriter>(&self, w: &mut W) -> ProtocolResult<()> {
        match self {
            Value::Bool(v) => w.write_bool(*v),
            Value::I8(v) => w.write_i8(*v),
            Value::I16(v) => w.write_i16(*v),
            Value::I32(v) => w.write_i32(*v),
            Value::I64(v) => w.write_i64(*v),
            Value::Double(v) => w.write_double(*v),
            Value::Str(v) => w.write_string(v),
            Value::Bin(v) => w.write_binary(v),
            Value::Uuid(v) => w.write_uuid(&Uuid::from_u128(*v)),
            Value::Struct(fields) => {
                w.write_struct_begin("S")?;
                for (id, value) in fields {
                    w.write_field_begin("f", value.ttype(), *id)?;
                    value.write(w)?;
                    w.write_field_end()?;
                }
                w.write_field_stop()?;
                w.write_struct_end()
            }
            Value::List(elem, items) => {
                w.write_list_begin(*elem, items.len())?;
                items.iter().try_for_each(|v| v.write(w))?;
                w.write_list_end()
            }
            Value::Set(elem, items) => {
                w.write_set_begin(*elem, items.len())?;
                items.iter().try_for_each(|v| v.write(w))?;
                w.write_set_end()
            }
            Value::Map(k, v, entries) => {
                w.write_map_begin(*k, *v, entries.len())?;
                for (key, value) in entries {
                    key.write(w)?;
                    value.write(w)?;
                }
                w.write_map_end()
            }
        }
    }

    /// Reads a value shaped like `self` and checks it is equal.
    fn check<R: ProtocolReader>(&self, r: &mut R) -> ProtocolResult<()> {
        match self {
            Value::Bool(v) => assert_eq!(r.read_bool()?, *v),
            Value::I8(v) => assert_eq!(r.read_i8()?, *v),
            Value::I16(v) => assert_eq!(r.read_i16()?, *v),
            Value::I32(v) => assert_eq!(r.read_i32()?, *v),
            Value::I64(v) => assert_eq!(r.read_i64()?, *v),
            Value::Double(v) => {
                let got = r.read_double()?;
                assert!(got.to_bits() == v.to_bits() || (got.is_nan() && v.is_nan()));
            }
            Value::Str(v) => assert_eq!(&r.read_string()?, v),
            Value::Bin(v) => assert_eq!(r.read_binary()?, Bytes::copy_from_slice(v)),
            Value::Uuid(v) => assert_eq!(r.read_uuid()?, Uuid::from_u128(*v)),
            Value::Struct(fields) => {
                r.read_struct_begin()?;
                for (id, value) in fields {
                    let h = r.read_field_begin()?;
                    assert_eq!((h.ttype, h.id), (value.ttype(), *id));
                    value.check(r)?;
                    r.read_field_end()?;
                }
                assert_eq!(r.read_field_begin()?.ttype, TType::Stop);
                r.read_struct_end()?;
            }
            Value::List(elem, items) | Value::Set(elem, items) => {
                let is_set = matches!(self, Value::Set(..));
                let h = if is_set {
                    r.read_set_begin()?
                } else {
                    r.read_list_begin()?
                };
                assert_eq!((h.elem, h.len), (*elem, items.len()));
                items.iter().try_for_each(|v| v.check(r))?;
                if is_set {
                    r.read_set_end()?
                } else {
                    r.read_list_end()?
                }
            }
            Value::Map(k, v, entries) => {
                let h = r.read_map_begin()?;
                assert_eq!((h.key, h.value, h.len), (*k, *v, entries.len()));
                for (key, value) in entries {
                    key.check(r)?;
                    value.check(r)?;
                }
                r.read_map_end()?;
            }
        }
        Ok(())
    }
}

fn scalar_type() -> impl Strategy<Value = TType> {
    prop::sample::select(vec![
        TType::Bool,
        TType::I8,
        TType::I16,
        TType::I32,
        TType::I64,
        TType::Double,
        TType::String,
        TType::Uuid,
    ])
}

fn scalar(ttype: TType) -> BoxedStrategy<Value> {
    match ttype {
        TType::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        TType::I8 => any::<i8>().prop_map(Value::I8).boxed(),
        TType::I16 => any::<i16>().prop_map(Value::I16).boxed(),
        TType::I32 => any::<i32>().prop_map(Value::I32).boxed(),
        TType::I64 => any::<i64>().prop_map(Value::I64).boxed(),
        TType::Double => prop_oneof![
            any::<f64>(),
            any::<u64>().prop_map(f64::from_bits),
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(-0.0),
        ]
        .prop_map(Value::Double)
        .boxed(),
        TType::Uuid => any::<u128>().prop_map(Value::Uuid).boxed(),
        _ => prop_oneof![
            any::<String>().prop_map(Value::Str),
            "[\\x00-\\x1f\"\\\\/a]{0,8}".prop_map(Value::Str),
            proptest::collection::vec(any::<u8>(), 0..40).prop_map(Value::Bin),
        ]
        .boxed(),
    }
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = scalar_type().prop_flat_map(scalar);
    leaf.prop_recursive(4, 48, 6, |inner| {
        let as_struct = |v: Value| Value::Struct(vec![(1, v)]);
        prop_oneof![
            proptest::collection::vec((any::<i16>(), inner.clone()), 0..5).prop_map(Value::Struct),
            scalar_type().prop_flat_map(|t| {
                proptest::collection::vec(scalar(t), 0..6)
                    .prop_map(move |items| Value::List(t, items))
            }),
            scalar_type().prop_flat_map(|t| {
                proptest::collection::vec(scalar(t), 0..6)
                    .prop_map(move |items| Value::Set(t, items))
            }),
            proptest::collection::vec(inner.clone().prop_map(as_struct), 0..4)
                .prop_map(|items| Value::List(TType::Struct, items)),
            scalar_type().prop_flat_map(move |k| {
                proptest::collection::vec((scalar(k), inner.clone().prop_map(as_struct)), 0..4)
                    .prop_map(move |entries| Value::Map(k, TType::Struct, entries))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn any_value_round_trips_and_skips_exactly(v in value()) {
        let mut w = JsonWriter::new(Vec::new());
        v.write(&mut w).unwrap();
        let text = Bytes::from(w.into_inner());

        let mut r = JsonReader::new(text.clone());
        v.check(&mut r).unwrap();
        prop_assert_eq!(r.remaining(), 0);

        let mut r = JsonReader::with_limits(text, Limits::default());
        skip(&mut r, v.ttype()).unwrap();
        prop_assert_eq!(r.remaining(), 0);
    }

    #[test]
    fn any_message_round_trips(name in any::<String>(), seqid in any::<i32>(), body in value()) {
        let args = Value::Struct(vec![(0, body)]);
        let mut w = JsonWriter::new(Vec::new());
        w.write_message_begin(&name, MessageType::Reply, seqid).unwrap();
        args.write(&mut w).unwrap();
        w.write_message_end().unwrap();

        let mut r = JsonReader::new(Bytes::from(w.into_inner()));
        let h = r.read_message_begin().unwrap();
        prop_assert_eq!((h.name, h.kind, h.seqid), (name, MessageType::Reply, seqid));
        args.check(&mut r).unwrap();
        r.read_message_end().unwrap();
        prop_assert_eq!(r.remaining(), 0);
    }
}
