//! Property tests run against every protocol: any value tree round-trips,
//! messages round-trip, and `skip` consumes exactly what a full decode does.

// The generic test bodies are not `#[test]` functions themselves, so
// clippy.toml's test exemption does not reach their unwraps.
#![allow(clippy::unwrap_used)]

mod support;

use bytes::Bytes;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use support::protocols::TestProtocol;
use support::strategies::{arb_struct, arb_value};
use support::value::Value;
use trift::protocol::{Limits, MessageType, ProtocolReader, ProtocolWriter, TType, skip};

for_each_protocol!(Binary => binary, Compact => compact; [
    any_value_roundtrips,
    any_struct_roundtrips_in_a_message,
    skip_consumes_what_decode_consumes,
    codec_containers_roundtrip,
    deep_structs_restore_field_ids,
    bulk_element_writes_match_one_at_a_time,
]);
for_each_protocol!(Json => json; [any_struct_roundtrips_in_a_message, codec_containers_roundtrip]);

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: 256,
        ..Config::default()
    })
}

/// Writes `value` followed by a trailing i32 marker, so a reader that reads
/// too much or too little is caught.
fn encode_with_marker<P: TestProtocol>(value: &Value) -> Bytes {
    let mut writer = P::writer();
    value.write(&mut writer).unwrap();
    writer.write_i32(0x5eed).unwrap();
    P::finish(writer)
}

fn any_value_roundtrips<P: TestProtocol>() {
    runner()
        .run(&arb_value(), |value| {
            let frame = encode_with_marker::<P>(&value);
            let mut reader = P::reader(frame, Limits::default());
            let decoded = Value::read_like(&mut reader, &value).unwrap();
            prop_assert_eq!(&decoded, &value);
            prop_assert_eq!(reader.read_i32().unwrap(), 0x5eed);
            prop_assert_eq!(reader.remaining(), 0);
            Ok(())
        })
        .unwrap();
}

fn any_struct_roundtrips_in_a_message<P: TestProtocol>() {
    let strategy = (
        arb_struct(),
        ".{0,12}",
        prop_oneof![
            Just(MessageType::Call),
            Just(MessageType::Reply),
            Just(MessageType::Exception),
            Just(MessageType::Oneway)
        ],
        any::<i32>(),
    );
    runner()
        .run(&strategy, |(value, name, kind, seqid)| {
            let mut writer = P::writer();
            writer.write_message_begin(&name, kind, seqid).unwrap();
            value.write(&mut writer).unwrap();
            writer.write_message_end().unwrap();
            let mut reader = P::reader(P::finish(writer), Limits::default());
            let header = reader.read_message_begin().unwrap();
            prop_assert_eq!(&header.name, &name);
            prop_assert_eq!(header.kind, kind);
            prop_assert_eq!(header.seqid, seqid);
            prop_assert_eq!(Value::read_like(&mut reader, &value).unwrap(), value);
            reader.read_message_end().unwrap();
            prop_assert_eq!(reader.remaining(), 0);
            Ok(())
        })
        .unwrap();
}

fn skip_consumes_what_decode_consumes<P: TestProtocol>() {
    runner()
        .run(&arb_value(), |value| {
            let frame = encode_with_marker::<P>(&value);
            let mut decoding = P::reader(frame.clone(), Limits::default());
            Value::read_like(&mut decoding, &value).unwrap();
            let mut skipping = P::reader(frame, Limits::default());
            skip(&mut skipping, value.ttype()).unwrap();
            prop_assert_eq!(skipping.remaining(), decoding.remaining());
            prop_assert_eq!(skipping.read_i32().unwrap(), 0x5eed);
            Ok(())
        })
        .unwrap();
}

type Containers = (
    Vec<i64>,
    std::collections::BTreeMap<String, Vec<bool>>,
    std::collections::HashSet<i16>,
    std::collections::HashMap<i32, Bytes>,
    Vec<Box<f64>>,
    Vec<trift::Uuid>,
    (Vec<i32>, Vec<f64>, std::collections::BTreeSet<i64>),
);

fn codec_containers_roundtrip<P: TestProtocol>() {
    let strategy = (
        proptest::collection::vec(any::<i64>(), 0..30),
        proptest::collection::btree_map(
            ".{0,4}",
            proptest::collection::vec(any::<bool>(), 0..20),
            0..5,
        ),
        proptest::collection::hash_set(any::<i16>(), 0..20),
        proptest::collection::hash_map(
            any::<i32>(),
            proptest::collection::vec(any::<u8>(), 0..8).prop_map(Bytes::from),
            0..5,
        ),
        proptest::collection::vec((-1e9f64..1e9).prop_map(Box::new), 0..5),
        proptest::collection::vec(any::<[u8; 16]>().prop_map(trift::Uuid::from_bytes), 0..3),
        (
            proptest::collection::vec(any::<i32>(), 0..30),
            proptest::collection::vec(
                any::<f64>().prop_filter("NaN != NaN", |v| !v.is_nan()),
                0..30,
            ),
            proptest::collection::btree_set(any::<i64>(), 0..30),
        ),
    );
    runner()
        .run(&strategy, |value: Containers| {
            use trift::{Decode, Encode};
            let mut writer = P::writer();
            value.0.encode(&mut writer).unwrap();
            value.1.encode(&mut writer).unwrap();
            value.2.encode(&mut writer).unwrap();
            value.3.encode(&mut writer).unwrap();
            value.4.encode(&mut writer).unwrap();
            value.5.encode(&mut writer).unwrap();
            value.6.0.encode(&mut writer).unwrap();
            value.6.1.encode(&mut writer).unwrap();
            value.6.2.encode(&mut writer).unwrap();
            let mut reader = P::reader(P::finish(writer), Limits::default());
            let decoded: Containers = (
                Decode::decode(&mut reader).unwrap(),
                Decode::decode(&mut reader).unwrap(),
                Decode::decode(&mut reader).unwrap(),
                Decode::decode(&mut reader).unwrap(),
                Decode::decode(&mut reader).unwrap(),
                Decode::decode(&mut reader).unwrap(),
                (
                    Decode::decode(&mut reader).unwrap(),
                    Decode::decode(&mut reader).unwrap(),
                    Decode::decode(&mut reader).unwrap(),
                ),
            );
            prop_assert_eq!(decoded, value);
            prop_assert_eq!(reader.remaining(), 0);
            Ok(())
        })
        .unwrap();
}

#[test]
fn bool_values_at_top_level_and_in_fields_roundtrip_in_compact() {
    // A bare bool outside any field is a container-style byte; inside a
    // struct it folds into the header. Both must read back.
    let value = Value::List(
        TType::Struct,
        vec![Value::Struct(vec![(1, Value::Bool(true)), (3, Value::Bool(false))]); 2],
    );
    let frame = encode_with_marker::<support::protocols::Compact>(&value);
    let mut reader = support::protocols::Compact::reader(frame, Limits::default());
    assert_eq!(Value::read_like(&mut reader, &value).unwrap(), value);
}

/// Structs nested 40 deep (past any inline bookkeeping), each with a field
/// before and after the nested one, so compact's field-id deltas only come
/// out right if every level's last id is restored.
fn deep_structs_restore_field_ids<P: TestProtocol>() {
    let mut value = Value::Struct(vec![(1, Value::I32(-1))]);
    for level in 0..40i16 {
        value = Value::Struct(vec![
            (level + 2, Value::Bool(level % 2 == 0)),
            (level + 20, value),
            (level + 21, Value::I16(level)),
            (level + 400, Value::Bool(true)),
        ]);
    }
    let frame = encode_with_marker::<P>(&value);
    let mut reader = P::reader(frame, Limits::default());
    assert_eq!(Value::read_like(&mut reader, &value).unwrap(), value);
    assert_eq!(reader.read_i32().unwrap(), 0x5eed);
}

/// Lists of i32, i64 and double go through the writers' bulk paths; their
/// bytes must equal element-by-element writes.
fn bulk_element_writes_match_one_at_a_time<P: TestProtocol>() {
    use trift::Encode;
    let strategy = (
        proptest::collection::vec(any::<i32>(), 0..80),
        proptest::collection::vec(any::<i64>(), 0..80),
        proptest::collection::vec(any::<f64>(), 0..80),
    );
    runner()
        .run(&strategy, |(small, large, doubles)| {
            let mut bulk = P::writer();
            small.encode(&mut bulk).unwrap();
            large.encode(&mut bulk).unwrap();
            doubles.encode(&mut bulk).unwrap();
            let mut single = P::writer();
            single.write_list_begin(TType::I32, small.len()).unwrap();
            small.iter().for_each(|&v| single.write_i32(v).unwrap());
            single.write_list_end().unwrap();
            single.write_list_begin(TType::I64, large.len()).unwrap();
            large.iter().for_each(|&v| single.write_i64(v).unwrap());
            single.write_list_end().unwrap();
            single
                .write_list_begin(TType::Double, doubles.len())
                .unwrap();
            doubles
                .iter()
                .for_each(|&v| single.write_double(v).unwrap());
            single.write_list_end().unwrap();
            prop_assert_eq!(P::finish(bulk), P::finish(single));
            Ok(())
        })
        .unwrap();
}
