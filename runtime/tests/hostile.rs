//! Hostile input, run against every protocol: declared sizes far beyond the
//! frame, absurd nesting, truncation at every byte, random bytes. Every case
//! must end in a typed error, quickly, without a panic, a stack overflow or an
//! allocation sized by a declared length.

// The generic test bodies are not `#[test]` functions themselves, so
// clippy.toml's test exemption does not reach their unwraps.
#![allow(clippy::unwrap_used)]

mod support;

use std::time::{Duration, Instant};

use bytes::Bytes;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use support::protocols::TestProtocol;
use support::strategies::arb_struct;
use support::value::Value;
use trift::protocol::{
    Limits, MessageType, ProtocolErrorKind, ProtocolReader, ProtocolResult, ProtocolWriter, TType,
    skip,
};
use trift::{ApplicationException, Decode, WireType};

for_each_protocol!(Binary => binary, Compact => compact; [
    huge_string_is_size_limit,
    huge_list_is_size_limit,
    huge_list_of_big_structs_fails_before_allocating,
    deep_nesting_is_depth_limit,
    deep_nesting_respects_the_depth_ceiling,
    truncation_at_every_offset_is_a_typed_error,
    truncated_numeric_lists_are_typed_errors,
    random_bytes_never_panic,
    string_and_container_limits_apply,
]);
for_each_protocol!(Json => json; [
    huge_list_is_size_limit,
    deep_nesting_is_depth_limit,
    deep_nesting_respects_the_depth_ceiling,
    truncation_at_every_offset_is_a_typed_error,
    random_bytes_never_panic,
    string_and_container_limits_apply,
]);

fn huge_string_is_size_limit<P: TestProtocol>() {
    let frame = P::huge_string();
    assert!(frame.len() <= 5);
    let err = P::reader(frame.clone(), Limits::default())
        .read_string()
        .unwrap_err();
    assert_eq!(err.kind(), ProtocolErrorKind::SizeLimit, "{err}");
    let err = P::reader(frame.clone(), Limits::default())
        .read_binary()
        .unwrap_err();
    assert_eq!(err.kind(), ProtocolErrorKind::SizeLimit, "{err}");
    let err = skip(&mut P::reader(frame, Limits::default()), TType::String).unwrap_err();
    assert_eq!(err.kind(), ProtocolErrorKind::SizeLimit, "{err}");
}

fn huge_list_is_size_limit<P: TestProtocol>() {
    let frame = P::huge_list();
    let err = P::reader(frame.clone(), Limits::default())
        .read_list_begin()
        .unwrap_err();
    assert_eq!(err.kind(), ProtocolErrorKind::SizeLimit, "{err}");
    let err = Vec::<i32>::decode(&mut P::reader(frame.clone(), Limits::default())).unwrap_err();
    assert_eq!(err.kind(), ProtocolErrorKind::SizeLimit, "{err}");
    let err = skip(&mut P::reader(frame, Limits::default()), TType::List).unwrap_err();
    assert_eq!(err.kind(), ProtocolErrorKind::SizeLimit, "{err}");
}

/// A struct whose in-memory size (4 KiB) dwarfs its smallest encoding (one
/// stop byte).
#[derive(Debug)]
struct Big([i64; 512]);

impl WireType for Big {
    const TTYPE: TType = TType::Struct;
}

impl Decode for Big {
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        let mut big = Big([0; 512]);
        reader.read_struct_begin()?;
        loop {
            let field = reader.read_field_begin()?;
            match (field.ttype, usize::try_from(field.id).ok()) {
                (TType::Stop, _) => break,
                (TType::I64, Some(index)) if index < 512 => big.0[index] = reader.read_i64()?,
                (other, _) => skip(reader, other)?,
            }
            reader.read_field_end()?;
        }
        reader.read_struct_end()?;
        Ok(big)
    }
}

fn huge_list_of_big_structs_fails_before_allocating<P: TestProtocol>() {
    // 2^31 - 1 declared elements with 3 bytes present: rejected at the header.
    let started = Instant::now();
    let frame = P::struct_list(0x7fff_ffff, &[0, 0, 0]);
    let err = Vec::<Big>::decode(&mut P::reader(frame, Limits::default())).unwrap_err();
    assert_eq!(err.kind(), ProtocolErrorKind::SizeLimit, "{err}");
    // A count the bytes could hold, but the elements are garbage: the error
    // comes from the first element, and preallocation was capped by the bytes
    // present (100,000 bytes / 4 KiB = 24 elements, not 100,000 x 4 KiB).
    let frame = P::struct_list(100_000, &vec![0xff; 100_000]);
    let err = Vec::<Big>::decode(&mut P::reader(frame, Limits::default())).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ProtocolErrorKind::UnknownType | ProtocolErrorKind::InvalidData
        ),
        "{err}"
    );
    assert!(started.elapsed() < Duration::from_secs(1));
}

/// `depth` structs, each the only field (id 1) of its parent.
fn nested_structs<P: TestProtocol>(depth: usize) -> Bytes {
    let mut writer = P::writer();
    for _ in 0..depth {
        writer.write_struct_begin("Nested").unwrap();
        writer.write_field_begin("inner", TType::Struct, 1).unwrap();
    }
    writer.write_struct_begin("Nested").unwrap();
    writer.write_field_stop().unwrap();
    writer.write_struct_end().unwrap();
    for _ in 0..depth {
        writer.write_field_end().unwrap();
        writer.write_field_stop().unwrap();
        writer.write_struct_end().unwrap();
    }
    P::finish(writer)
}

/// A recursive type, decoded the way generated code decodes a self-referential
/// struct.
struct Nested(Option<Box<Nested>>);

impl Nested {
    fn depth(&self) -> usize {
        let mut depth = 0;
        let mut current = self;
        while let Some(inner) = &current.0 {
            depth += 1;
            current = inner;
        }
        depth
    }
}

impl WireType for Nested {
    const TTYPE: TType = TType::Struct;
}

impl Decode for Nested {
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        let mut inner = None;
        reader.read_struct_begin()?;
        loop {
            let field = reader.read_field_begin()?;
            match (field.ttype, field.id) {
                (TType::Stop, _) => break,
                (TType::Struct, 1) => inner = Some(Box::new(Nested::decode(reader)?)),
                (other, _) => skip(reader, other)?,
            }
            reader.read_field_end()?;
        }
        reader.read_struct_end()?;
        Ok(Nested(inner))
    }
}

fn deep_nesting_is_depth_limit<P: TestProtocol>() {
    let frame = nested_structs::<P>(10_000);
    let err = skip(
        &mut P::reader(frame.clone(), Limits::default()),
        TType::Struct,
    )
    .unwrap_err();
    assert_eq!(err.kind(), ProtocolErrorKind::DepthLimit, "{err}");
    let err = Nested::decode(&mut P::reader(frame, Limits::default()))
        .err()
        .unwrap();
    assert_eq!(err.kind(), ProtocolErrorKind::DepthLimit, "{err}");
    // Exactly at the limit is fine; one more level is not.
    let at_limit = nested_structs::<P>(63);
    skip(
        &mut P::reader(at_limit.clone(), Limits::default()),
        TType::Struct,
    )
    .unwrap();
    let decoded = Nested::decode(&mut P::reader(at_limit, Limits::default())).unwrap();
    assert_eq!(decoded.depth(), 63);
    let over = nested_structs::<P>(64);
    let err = skip(&mut P::reader(over, Limits::default()), TType::Struct).unwrap_err();
    assert_eq!(err.kind(), ProtocolErrorKind::DepthLimit, "{err}");
    // Lists count as levels too.
    let mut writer = P::writer();
    for _ in 0..100 {
        writer.write_list_begin(TType::List, 1).unwrap();
    }
    let err = skip(
        &mut P::reader(P::finish(writer), Limits::default()),
        TType::List,
    )
    .unwrap_err();
    assert_eq!(err.kind(), ProtocolErrorKind::DepthLimit, "{err}");
}

fn deep_nesting_respects_the_depth_ceiling<P: TestProtocol>() {
    let limits = Limits {
        max_depth: u16::MAX,
        ..Limits::default()
    };
    let frame = nested_structs::<P>(10_000);
    let err = skip(&mut P::reader(frame, limits), TType::Struct).unwrap_err();
    assert_eq!(err.kind(), ProtocolErrorKind::DepthLimit, "{err}");
}

/// A message with a bit of everything.
fn sample_message<P: TestProtocol>() -> (Bytes, Value) {
    let value = Value::Struct(vec![
        (1, Value::I64(-1234567890123)),
        (2, Value::String("héllo".into())),
        (3, Value::Bool(true)),
        (
            4,
            Value::List(TType::I32, (0..20).map(|i| Value::I32(i * 1000)).collect()),
        ),
        (
            7,
            Value::Map(
                TType::String,
                TType::Struct,
                vec![(
                    Value::String("k".into()),
                    Value::Struct(vec![(1, Value::Double(2.5)), (-3, Value::Bool(false))]),
                )],
            ),
        ),
        (20, Value::Binary(Bytes::from_static(&[0, 1, 2, 255]))),
        (
            21,
            Value::Set(TType::Bool, vec![Value::Bool(true), Value::Bool(false)]),
        ),
        (22, Value::Uuid(trift::Uuid::from_bytes([7; 16]))),
        (23, Value::Map(TType::I8, TType::I16, vec![])),
    ]);
    let mut writer = P::writer();
    writer
        .write_message_begin("method", MessageType::Call, 9)
        .unwrap();
    value.write(&mut writer).unwrap();
    writer.write_message_end().unwrap();
    (P::finish(writer), value)
}

fn read_message<P: TestProtocol>(frame: Bytes, template: &Value) -> ProtocolResult<Value> {
    let mut reader = P::reader(frame, Limits::default());
    reader.read_message_begin()?;
    let value = Value::read_like(&mut reader, template)?;
    reader.read_message_end()?;
    Ok(value)
}

fn skip_message<P: TestProtocol>(frame: Bytes) -> ProtocolResult<()> {
    let mut reader = P::reader(frame, Limits::default());
    reader.read_message_begin()?;
    skip(&mut reader, TType::Struct)?;
    reader.read_message_end()
}

fn truncation_at_every_offset_is_a_typed_error<P: TestProtocol>() {
    let (frame, value) = sample_message::<P>();
    assert_eq!(read_message::<P>(frame.clone(), &value).unwrap(), value);
    skip_message::<P>(frame.clone()).unwrap();
    for cut in 0..frame.len() {
        let prefix = frame.slice(..cut);
        for err in [
            read_message::<P>(prefix.clone(), &value).unwrap_err(),
            skip_message::<P>(prefix).unwrap_err(),
        ] {
            assert!(
                matches!(
                    err.kind(),
                    ProtocolErrorKind::UnexpectedEof | ProtocolErrorKind::SizeLimit
                ),
                "cut at {cut}: {err}"
            );
        }
    }
}

/// Every way of starting to read a frame: none may panic on any input.
fn read_everything<P: TestProtocol>(frame: &Bytes) {
    let limits = Limits::default();
    let _ = P::reader(frame.clone(), limits).read_message_begin();
    let _ = skip_message::<P>(frame.clone());
    for ttype in [
        TType::Bool,
        TType::I8,
        TType::I16,
        TType::I32,
        TType::I64,
        TType::Double,
        TType::String,
        TType::Struct,
        TType::Map,
        TType::Set,
        TType::List,
        TType::Uuid,
    ] {
        let _ = skip(&mut P::reader(frame.clone(), limits), ttype);
    }
    let _ = ApplicationException::decode(&mut P::reader(frame.clone(), limits));
    let _ = Vec::<String>::decode(&mut P::reader(frame.clone(), limits));
    let _ = Vec::<i32>::decode(&mut P::reader(frame.clone(), limits));
    let _ = Vec::<i64>::decode(&mut P::reader(frame.clone(), limits));
    let _ = Vec::<f64>::decode(&mut P::reader(frame.clone(), limits));
    let _ = std::collections::HashMap::<i64, Bytes>::decode(&mut P::reader(frame.clone(), limits));
    let _ = Vec::<std::collections::BTreeSet<bool>>::decode(&mut P::reader(frame.clone(), limits));
}

fn random_bytes_never_panic<P: TestProtocol>() {
    let mut runner = TestRunner::new(Config {
        cases: 2000,
        ..Config::default()
    });
    runner
        .run(&proptest::collection::vec(any::<u8>(), 0..64), |bytes| {
            read_everything::<P>(&Bytes::from(bytes));
            Ok(())
        })
        .unwrap();
    // Valid messages with random bytes flipped reach deeper states.
    let mutations = (arb_struct(), any::<prop::sample::Index>(), any::<u8>());
    runner
        .run(&mutations, |(value, index, byte)| {
            let mut writer = P::writer();
            value.write(&mut writer).unwrap();
            let mut bytes = P::finish(writer).to_vec();
            let at = index.index(bytes.len());
            bytes[at] ^= byte;
            read_everything::<P>(&Bytes::from(bytes));
            Ok(())
        })
        .unwrap();
}

fn string_and_container_limits_apply<P: TestProtocol>() {
    let limits = Limits {
        max_string_len: 3,
        max_container_len: 2,
        ..Limits::default()
    };
    let mut writer = P::writer();
    writer.write_string("four").unwrap();
    let err = P::reader(P::finish(writer), limits)
        .read_string()
        .unwrap_err();
    assert_eq!(err.kind(), ProtocolErrorKind::SizeLimit, "{err}");
    let mut writer = P::writer();
    writer.write_string("abc").unwrap();
    assert_eq!(
        P::reader(P::finish(writer), limits).read_string().unwrap(),
        "abc"
    );
    for ttype in [TType::List, TType::Set, TType::Map] {
        let value = match ttype {
            TType::List => Value::List(TType::I8, vec![Value::I8(1); 3]),
            TType::Set => Value::Set(TType::I8, vec![Value::I8(1); 3]),
            _ => Value::Map(TType::I8, TType::I8, vec![(Value::I8(1), Value::I8(2)); 3]),
        };
        let mut writer = P::writer();
        value.write(&mut writer).unwrap();
        let err = skip(&mut P::reader(P::finish(writer), limits), ttype).unwrap_err();
        assert_eq!(err.kind(), ProtocolErrorKind::SizeLimit, "{err}");
    }
    let small_message = Limits {
        max_message_size: 4,
        ..Limits::default()
    };
    let (frame, _) = sample_message::<P>();
    let err = P::reader(frame, small_message)
        .read_message_begin()
        .unwrap_err();
    assert_eq!(err.kind(), ProtocolErrorKind::SizeLimit, "{err}");
}

/// The bulk element readers (lists of i32, i64, double) stop at the end of
/// the frame like the one-at-a-time path.
fn truncated_numeric_lists_are_typed_errors<P: TestProtocol>() {
    use trift::Encode;
    let mut writer = P::writer();
    (0..40)
        .map(|i| i * 77_777)
        .collect::<Vec<i32>>()
        .encode(&mut writer)
        .unwrap();
    (0..40)
        .map(|i| -i * 7_777_777_777)
        .collect::<Vec<i64>>()
        .encode(&mut writer)
        .unwrap();
    (0..40)
        .map(|i| f64::from(i) / 3.0)
        .collect::<Vec<f64>>()
        .encode(&mut writer)
        .unwrap();
    let frame = P::finish(writer);
    let decode = |frame: Bytes| -> ProtocolResult<(Vec<i32>, Vec<i64>, Vec<f64>)> {
        let mut reader = P::reader(frame, Limits::default());
        Ok((
            Decode::decode(&mut reader)?,
            Decode::decode(&mut reader)?,
            Decode::decode(&mut reader)?,
        ))
    };
    let (small, large, doubles) = decode(frame.clone()).unwrap();
    assert_eq!(small.len() + large.len() + doubles.len(), 120);
    assert_eq!(large[39], -39 * 7_777_777_777);
    for cut in 0..frame.len() {
        let err = decode(frame.slice(..cut)).unwrap_err();
        assert!(
            matches!(
                err.kind(),
                ProtocolErrorKind::UnexpectedEof | ProtocolErrorKind::SizeLimit
            ),
            "cut at {cut}: {err}"
        );
    }
}
