//! Hostile input: huge declared counts, deep nesting, truncation at every
//! offset and random bytes all end in a typed error, never a panic, a stack
//! overflow or an allocation larger than the input.

use bytes::Bytes;
use proptest::prelude::*;

use super::vectors::VECTORS;
use super::{JsonReader, Op};
use crate::protocol::{
    Limits, ProtocolError, ProtocolErrorKind, ProtocolReader, ProtocolResult, TType,
};

/// Reads and discards one value of type `ttype`.
pub(super) fn skip<R: ProtocolReader>(r: &mut R, ttype: TType) -> ProtocolResult<()> {
    match ttype {
        TType::Bool => r.read_bool().map(drop),
        TType::I8 => r.read_i8().map(drop),
        TType::I16 => r.read_i16().map(drop),
        TType::I32 => r.read_i32().map(drop),
        TType::I64 => r.read_i64().map(drop),
        TType::Double => r.read_double().map(drop),
        TType::String => r.read_string().map(drop),
        TType::Uuid => r.read_uuid().map(drop),
        TType::Struct => {
            r.read_struct_begin()?;
            loop {
                let field = r.read_field_begin()?;
                if field.ttype == TType::Stop {
                    break;
                }
                skip(r, field.ttype)?;
                r.read_field_end()?;
            }
            r.read_struct_end()
        }
        TType::List | TType::Set => {
            let h = r.read_list_begin()?;
            for _ in 0..h.len {
                skip(r, h.elem)?;
            }
            r.read_list_end()
        }
        TType::Map => {
            let h = r.read_map_begin()?;
            for _ in 0..h.len {
                skip(r, h.key)?;
                skip(r, h.value)?;
            }
            r.read_map_end()
        }
        TType::Stop | TType::Void => Err(ProtocolError::invalid("no value of this type")),
    }
}

/// Skips a whole frame shaped like `ops` (a message or one bare value).
pub(super) fn skip_frame(text: Bytes, ops: &[Op], limits: Limits) -> ProtocolResult<usize> {
    let mut r = JsonReader::with_limits(text, limits);
    match ops.first() {
        Some(Op::MsgBegin(..)) => {
            r.read_message_begin()?;
            skip(&mut r, TType::Struct)?;
            r.read_message_end()?;
        }
        Some(Op::ListBegin(..)) => skip(&mut r, TType::List)?,
        Some(Op::SetBegin(..)) => skip(&mut r, TType::Set)?,
        Some(Op::MapBegin(..)) => skip(&mut r, TType::Map)?,
        _ => skip(&mut r, TType::Struct)?,
    }
    Ok(r.remaining())
}

fn kind_of(result: ProtocolResult<usize>) -> ProtocolErrorKind {
    result.expect_err("hostile input was accepted").kind()
}

#[test]
fn every_vector_skips_exactly_to_its_end() {
    for v in VECTORS {
        let text = Bytes::from_static(v.json);
        assert_eq!(
            skip_frame(text, v.ops, Limits::default()),
            Ok(0),
            "{}",
            v.name
        );
    }
}

#[test]
fn truncation_at_every_offset_is_a_typed_error() {
    for v in VECTORS {
        for cut in 0..v.json.len() {
            let text = Bytes::from_static(&v.json[..cut]);
            let kind = kind_of(skip_frame(text, v.ops, Limits::default()));
            assert!(
                matches!(
                    kind,
                    ProtocolErrorKind::UnexpectedEof
                        | ProtocolErrorKind::InvalidData
                        | ProtocolErrorKind::SizeLimit
                ),
                "{} cut at {cut}: {kind:?}",
                v.name
            );
        }
    }
}

#[test]
fn huge_declared_counts_are_refused_before_allocating() {
    let list = |text: &'static [u8]| {
        kind_of(skip_frame(
            Bytes::from_static(text),
            &[Op::ListBegin(TType::I32, 0)],
            Limits::default(),
        ))
    };
    assert_eq!(
        list(br#"["i32",2147483648,1]"#),
        ProtocolErrorKind::SizeLimit
    );
    assert_eq!(
        list(br#"["i32",2147483647,1]"#),
        ProtocolErrorKind::SizeLimit
    );
    assert_eq!(list(br#"["i32",3,1,2]"#), ProtocolErrorKind::SizeLimit);
    assert_eq!(list(br#"["i32",-1]"#), ProtocolErrorKind::NegativeSize);
    assert_eq!(
        list(br#"["i32",99999999999999999999]"#),
        ProtocolErrorKind::InvalidData
    );
    let map = |text: &'static [u8]| {
        kind_of(skip_frame(
            Bytes::from_static(text),
            &[Op::MapBegin(TType::I32, TType::I32, 0)],
            Limits::default(),
        ))
    };
    assert_eq!(
        map(br#"["i32","i32",2147483647,{"1":1}]"#),
        ProtocolErrorKind::SizeLimit
    );
    assert_eq!(
        map(br#"["i32","i32",2,{"1":1}]"#),
        ProtocolErrorKind::SizeLimit
    );
    assert_eq!(
        map(br#"["i32","i32",-3,{}]"#),
        ProtocolErrorKind::NegativeSize
    );
    let small = Limits {
        max_container_len: 2,
        ..Limits::default()
    };
    let text = Bytes::from_static(br#"["i8",3,1,2,3]"#);
    assert_eq!(
        kind_of(skip_frame(text, &[Op::ListBegin(TType::I8, 0)], small)),
        ProtocolErrorKind::SizeLimit
    );
}

#[test]
fn string_and_binary_limits_apply_to_decoded_lengths() {
    let limits = Limits {
        max_string_len: 3,
        ..Limits::default()
    };
    let read = |text: &'static [u8], binary: bool| {
        let mut r = JsonReader::with_limits(Bytes::from_static(text), limits);
        r.read_list_begin().unwrap();
        if binary {
            r.read_binary().map(|b| b.len())
        } else {
            r.read_string().map(|s| s.len())
        }
    };
    assert_eq!(read(br#"["str",1,"abc"]"#, false), Ok(3));
    assert_eq!(read(br#"["str",1,"\u0061\u0062c"]"#, false), Ok(3));
    assert_eq!(
        read(br#"["str",1,"abcd"]"#, false).unwrap_err().kind(),
        ProtocolErrorKind::SizeLimit
    );
    assert_eq!(read(br#"["str",1,"YWJj"]"#, true), Ok(3));
    assert_eq!(
        read(br#"["str",1,"YWJjZA=="]"#, true).unwrap_err().kind(),
        ProtocolErrorKind::SizeLimit
    );
}

#[test]
fn ten_thousand_nested_structs_hit_the_depth_limit() {
    let mut text = Vec::new();
    for _ in 0..10_000 {
        text.extend_from_slice(br#"{"1":{"rec":"#);
    }
    text.extend_from_slice(b"{}");
    for _ in 0..10_000 {
        text.extend_from_slice(b"}}");
    }
    let kind = kind_of(skip_frame(Bytes::from(text), &[], Limits::default()));
    assert_eq!(kind, ProtocolErrorKind::DepthLimit);
}

#[test]
fn nesting_up_to_the_limit_is_accepted() {
    let limits = Limits {
        max_depth: 5,
        ..Limits::default()
    };
    let nest = |levels: usize| {
        let mut text = String::new();
        for _ in 1..levels {
            text.push_str(r#"{"1":{"lst":["rec",1,"#);
        }
        text.push_str("{}");
        for _ in 1..levels {
            text.push_str("]}}");
        }
        skip_frame(Bytes::from(text), &[], limits)
    };
    // Each level below the top is a list plus a struct: 2 levels of depth.
    assert_eq!(nest(3), Ok(0));
    assert_eq!(kind_of(nest(4)), ProtocolErrorKind::DepthLimit);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_bytes_never_panic(text in proptest::collection::vec(any::<u8>(), 0..64)) {
        let text = Bytes::from(text);
        for first in [Op::StructBegin, Op::ListBegin(TType::I8, 0), Op::MapBegin(TType::I8, TType::I8, 0)] {
            let _ = skip_frame(text.clone(), &[first], Limits::default());
        }
        let _ = skip_frame(text.clone(), &[Op::MsgBegin("", crate::protocol::MessageType::Call, 0)], Limits::default());
    }

    #[test]
    fn mutated_vectors_never_panic(
        which in 0..VECTORS.len(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
    ) {
        let v = &VECTORS[which];
        let mut text = v.json.to_vec();
        for (at, byte) in edits {
            let at = at.index(text.len());
            text[at] = byte;
        }
        let _ = skip_frame(Bytes::from(text), v.ops, Limits::default());
    }
}
