//! The codec's list and set loops, which match the element type once: each
//! base element type round-trips on binary and compact, a value of the wrong
//! kind among the elements is an error, and a declared length the bytes
//! cannot hold fails without reading past the frame or panicking.

use bytes::Bytes;
use trift::protocol::{BinaryReader, BinaryWriter, CompactReader, CompactWriter};
use trift_dynamic::{Schema, Ty, Value};

const IDL: &str = r#"
enum Operation { ADD = 1, SUBTRACT = 2 }
struct Lists {
  1: list<bool> bools
  2: list<byte> bytes
  3: list<i16> shorts
  4: list<i32> ints
  5: list<i64> longs
  6: list<double> doubles
  7: list<string> strings
  8: list<binary> blobs
  9: list<uuid> ids
  10: set<Operation> ops
  11: list<list<i64>> nested
}
"#;

fn schema() -> (Schema, Ty) {
    let compilation = trift_idl::check_source("t.thrift", IDL);
    let schema = Schema::new(&compilation.model.expect("valid IDL")).expect("schema");
    let ty = Ty::Struct(schema.find_struct("Lists").expect("Lists"));
    (schema, ty)
}

/// More elements than one chunk of the decoder (32), so chunks join.
fn value() -> Value {
    let n: i16 = 70;
    Value::Struct(vec![
        Some(Value::List(
            (0..n).map(|i| Value::Bool(i % 3 == 0)).collect(),
        )),
        Some(Value::List(
            (0..n).map(|i| Value::I8((i - 35) as i8)).collect(),
        )),
        Some(Value::List(
            (0..n).map(|i| Value::I16(i * 300 - 9000)).collect(),
        )),
        Some(Value::List(
            (0..n)
                .map(|i| Value::I32(i32::from(i) * 70_001 - 1))
                .collect(),
        )),
        Some(Value::List(
            (0..n).map(|i| Value::I64(i64::from(i) << 40 | 7)).collect(),
        )),
        Some(Value::List(
            (0..n).map(|i| Value::Double(f64::from(i) / 8.0)).collect(),
        )),
        Some(Value::List(
            (0..3).map(|i| Value::String(format!("s{i}"))).collect(),
        )),
        Some(Value::List(vec![Value::Binary(Bytes::from_static(
            b"\0\x01",
        ))])),
        Some(Value::List(vec![Value::Uuid(trift::Uuid::from_u128(7))])),
        Some(Value::Set(vec![Value::I32(2), Value::I32(1)])),
        Some(Value::List(vec![
            Value::List(vec![Value::I64(1), Value::I64(-1)]),
            Value::List(Vec::new()),
        ])),
    ])
}

#[test]
fn every_base_element_type_round_trips() {
    let (schema, ty) = schema();
    let value = value();
    let mut binary = Vec::new();
    trift_dynamic::encode(&schema, &ty, &value, &mut BinaryWriter::new(&mut binary))
        .expect("binary encode");
    let back = trift_dynamic::decode(&schema, &ty, &mut BinaryReader::new(Bytes::from(binary)))
        .expect("binary decode");
    assert_eq!(back, value);
    let mut compact = Vec::new();
    trift_dynamic::encode(&schema, &ty, &value, &mut CompactWriter::new(&mut compact))
        .expect("compact encode");
    let back = trift_dynamic::decode(&schema, &ty, &mut CompactReader::new(Bytes::from(compact)))
        .expect("compact decode");
    assert_eq!(back, value);
}

#[test]
fn a_wrong_element_is_an_encode_error() {
    let (schema, ty) = schema();
    let Value::Struct(mut fields) = value() else {
        unreachable!("value() is a struct")
    };
    fields[4] = Some(Value::List(vec![Value::I64(1), Value::I32(2)]));
    let mut out = Vec::new();
    let err = trift_dynamic::encode(
        &schema,
        &ty,
        &Value::Struct(fields),
        &mut BinaryWriter::new(&mut out),
    )
    .expect_err("an i32 among i64s");
    assert!(
        err.to_string().contains("cannot encode a i32 value as i64"),
        "{err}"
    );
}

#[test]
fn a_length_the_bytes_cannot_hold_fails_cleanly() {
    let (schema, _) = schema();
    let longs = Ty::List(Box::new(Ty::I64));
    // Binary list header: element type i64 (10), then 1,000,000 elements,
    // then the bytes of two.
    let mut frame = vec![10];
    frame.extend_from_slice(&1_000_000i32.to_be_bytes());
    frame.extend_from_slice(&1i64.to_be_bytes());
    frame.extend_from_slice(&2i64.to_be_bytes());
    let result = trift_dynamic::decode(&schema, &longs, &mut BinaryReader::new(Bytes::from(frame)));
    assert!(result.is_err(), "{result:?}");

    // Cut in the middle of an element, past the first chunk.
    let mut frame = vec![10];
    frame.extend_from_slice(&40i32.to_be_bytes());
    for i in 0..39i64 {
        frame.extend_from_slice(&i.to_be_bytes());
    }
    frame.extend_from_slice(&[0, 0, 0]);
    let result = trift_dynamic::decode(&schema, &longs, &mut BinaryReader::new(Bytes::from(frame)));
    assert!(result.is_err(), "{result:?}");
}
