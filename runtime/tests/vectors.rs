//! Hand-checked byte vectors for the binary and compact protocols.
//!
//! Each expected byte string was produced by Apache's Python library
//! (`thrift` 0.25.0, pure-Python `TBinaryProtocol` / `TCompactProtocol`)
//! making the same sequence of calls, and checked by hand against the specs.
//! Every vector is written (byte-for-byte comparison) and read back.

// Test helpers outside `#[test]` functions unwrap too; clippy.toml only
// exempts the functions themselves.
#![allow(clippy::unwrap_used)]

use bytes::Bytes;
use trift::protocol::{
    BinaryReader, BinaryWriter, CompactReader, CompactWriter, MessageType, ProtocolErrorKind,
    ProtocolReader, ProtocolWriter, TType,
};
use trift::{ApplicationException, ApplicationExceptionKind, Decode, Encode, Uuid};

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn binary(write: impl FnOnce(&mut BinaryWriter<Vec<u8>>)) -> Vec<u8> {
    let mut writer = BinaryWriter::new(Vec::new());
    write(&mut writer);
    writer.into_inner()
}

fn compact(write: impl FnOnce(&mut CompactWriter<Vec<u8>>)) -> Vec<u8> {
    let mut writer = CompactWriter::new(Vec::new());
    write(&mut writer);
    writer.into_inner()
}

/// Fields with ids 1, 15, 16, 31, 47, -1, 32767, 2: short deltas, a delta of
/// exactly 15 and one of 16 (long form), bool fields folded into compact
/// headers, negative and maximal ids in compact's long form, and a backwards
/// jump.
fn write_fields<W: ProtocolWriter>(w: &mut W) {
    w.write_struct_begin("S").unwrap();
    w.write_field_begin("a", TType::I32, 1).unwrap();
    w.write_i32(-1).unwrap();
    w.write_field_end().unwrap();
    w.write_field_begin("b", TType::Bool, 15).unwrap();
    w.write_bool(true).unwrap();
    w.write_field_end().unwrap();
    w.write_field_begin("c", TType::Bool, 16).unwrap();
    w.write_bool(false).unwrap();
    w.write_field_end().unwrap();
    w.write_field_begin("g", TType::I64, 31).unwrap();
    w.write_i64(1).unwrap();
    w.write_field_end().unwrap();
    w.write_field_begin("h", TType::I32, 47).unwrap();
    w.write_i32(2).unwrap();
    w.write_field_end().unwrap();
    w.write_field_begin("d", TType::I8, -1).unwrap();
    w.write_i8(5).unwrap();
    w.write_field_end().unwrap();
    w.write_field_begin("e", TType::I16, 32767).unwrap();
    w.write_i16(-2).unwrap();
    w.write_field_end().unwrap();
    w.write_field_begin("f", TType::String, 2).unwrap();
    w.write_string("hé").unwrap();
    w.write_field_end().unwrap();
    w.write_field_stop().unwrap();
    w.write_struct_end().unwrap();
}

fn read_fields<R: ProtocolReader>(r: &mut R) {
    r.read_struct_begin().unwrap();
    let mut next = |ttype, id| {
        let header = r.read_field_begin().unwrap();
        assert_eq!((header.ttype, header.id), (ttype, id));
    };
    next(TType::I32, 1);
    assert_eq!(r.read_i32().unwrap(), -1);
    r.read_field_end().unwrap();
    let header = r.read_field_begin().unwrap();
    assert_eq!((header.ttype, header.id), (TType::Bool, 15));
    assert!(r.read_bool().unwrap());
    r.read_field_end().unwrap();
    let header = r.read_field_begin().unwrap();
    assert_eq!((header.ttype, header.id), (TType::Bool, 16));
    assert!(!r.read_bool().unwrap());
    r.read_field_end().unwrap();
    let header = r.read_field_begin().unwrap();
    assert_eq!((header.ttype, header.id), (TType::I64, 31));
    assert_eq!(r.read_i64().unwrap(), 1);
    let header = r.read_field_begin().unwrap();
    assert_eq!((header.ttype, header.id), (TType::I32, 47));
    assert_eq!(r.read_i32().unwrap(), 2);
    let header = r.read_field_begin().unwrap();
    assert_eq!((header.ttype, header.id), (TType::I8, -1));
    assert_eq!(r.read_i8().unwrap(), 5);
    let header = r.read_field_begin().unwrap();
    assert_eq!((header.ttype, header.id), (TType::I16, 32767));
    assert_eq!(r.read_i16().unwrap(), -2);
    let header = r.read_field_begin().unwrap();
    assert_eq!((header.ttype, header.id), (TType::String, 2));
    assert_eq!(r.read_string().unwrap(), "hé");
    assert_eq!(r.read_field_begin().unwrap().ttype, TType::Stop);
    r.read_struct_end().unwrap();
    assert_eq!(r.remaining(), 0);
}

/// Integer extremes (varint lengths), a double and a uuid.
fn write_ints<W: ProtocolWriter>(w: &mut W) {
    w.write_struct_begin("S").unwrap();
    w.write_field_begin("a", TType::List, 1).unwrap();
    w.write_list_begin(TType::I32, 4).unwrap();
    for v in [i32::MAX, i32::MIN, 0, -1] {
        w.write_i32(v).unwrap();
    }
    w.write_list_end().unwrap();
    w.write_field_end().unwrap();
    w.write_field_begin("b", TType::List, 2).unwrap();
    w.write_list_begin(TType::I64, 2).unwrap();
    for v in [i64::MAX, i64::MIN] {
        w.write_i64(v).unwrap();
    }
    w.write_list_end().unwrap();
    w.write_field_end().unwrap();
    w.write_field_begin("c", TType::Double, 3).unwrap();
    w.write_double(1.5).unwrap();
    w.write_field_end().unwrap();
    w.write_field_begin("d", TType::Uuid, 4).unwrap();
    w.write_uuid(&sample_uuid()).unwrap();
    w.write_field_end().unwrap();
    w.write_field_stop().unwrap();
    w.write_struct_end().unwrap();
}

fn sample_uuid() -> Uuid {
    Uuid::from_bytes(hex("00112233445566778899aabbccddeeff").try_into().unwrap())
}

fn read_ints<R: ProtocolReader>(r: &mut R) {
    r.read_struct_begin().unwrap();
    assert_eq!(r.read_field_begin().unwrap().id, 1);
    assert_eq!(Vec::<i32>::decode(r).unwrap(), [i32::MAX, i32::MIN, 0, -1]);
    assert_eq!(r.read_field_begin().unwrap().id, 2);
    assert_eq!(Vec::<i64>::decode(r).unwrap(), [i64::MAX, i64::MIN]);
    assert_eq!(r.read_field_begin().unwrap().ttype, TType::Double);
    assert_eq!(r.read_double().unwrap(), 1.5);
    assert_eq!(r.read_field_begin().unwrap().ttype, TType::Uuid);
    assert_eq!(r.read_uuid().unwrap(), sample_uuid());
    assert_eq!(r.read_field_begin().unwrap().ttype, TType::Stop);
    r.read_struct_end().unwrap();
    assert_eq!(r.remaining(), 0);
}

/// Bool list elements, an empty map, a one-entry map, a 15-element set (the
/// first long compact header) and an empty list of structs.
fn write_containers<W: ProtocolWriter>(w: &mut W) {
    w.write_struct_begin("S").unwrap();
    w.write_field_begin("a", TType::List, 1).unwrap();
    vec![true, false].encode(w).unwrap();
    w.write_field_end().unwrap();
    w.write_field_begin("b", TType::Map, 2).unwrap();
    w.write_map_begin(TType::I32, TType::String, 0).unwrap();
    w.write_map_end().unwrap();
    w.write_field_end().unwrap();
    w.write_field_begin("c", TType::Map, 3).unwrap();
    std::collections::BTreeMap::from([("k".to_owned(), 3i64)])
        .encode(w)
        .unwrap();
    w.write_field_end().unwrap();
    w.write_field_begin("d", TType::Set, 4).unwrap();
    (0..15i8)
        .collect::<std::collections::BTreeSet<_>>()
        .encode(w)
        .unwrap();
    w.write_field_end().unwrap();
    w.write_field_begin("e", TType::List, 5).unwrap();
    w.write_list_begin(TType::Struct, 0).unwrap();
    w.write_list_end().unwrap();
    w.write_field_end().unwrap();
    w.write_field_stop().unwrap();
    w.write_struct_end().unwrap();
}

fn read_containers<R: ProtocolReader>(r: &mut R) {
    r.read_struct_begin().unwrap();
    r.read_field_begin().unwrap();
    assert_eq!(Vec::<bool>::decode(r).unwrap(), [true, false]);
    r.read_field_begin().unwrap();
    assert!(
        std::collections::HashMap::<i32, String>::decode(r)
            .unwrap()
            .is_empty()
    );
    r.read_field_begin().unwrap();
    let map = std::collections::BTreeMap::<String, i64>::decode(r).unwrap();
    assert_eq!(map, std::collections::BTreeMap::from([("k".to_owned(), 3)]));
    r.read_field_begin().unwrap();
    let set = std::collections::HashSet::<i8>::decode(r).unwrap();
    assert_eq!(set, (0..15).collect());
    r.read_field_begin().unwrap();
    let header = r.read_list_begin().unwrap();
    assert_eq!(header.len, 0);
    r.read_list_end().unwrap();
    assert_eq!(r.read_field_begin().unwrap().ttype, TType::Stop);
    r.read_struct_end().unwrap();
    assert_eq!(r.remaining(), 0);
}

/// A call with a negative seqid and an empty argument struct.
fn write_message<W: ProtocolWriter>(w: &mut W) {
    w.write_message_begin("ping", MessageType::Call, -2)
        .unwrap();
    w.write_struct_begin("args").unwrap();
    w.write_field_stop().unwrap();
    w.write_struct_end().unwrap();
    w.write_message_end().unwrap();
}

fn read_message<R: ProtocolReader>(r: &mut R) {
    let header = r.read_message_begin().unwrap();
    assert_eq!(header.name, "ping");
    assert_eq!(header.kind, MessageType::Call);
    assert_eq!(header.seqid, -2);
    r.read_struct_begin().unwrap();
    assert_eq!(r.read_field_begin().unwrap().ttype, TType::Stop);
    r.read_struct_end().unwrap();
    r.read_message_end().unwrap();
    assert_eq!(r.remaining(), 0);
}

fn app_exception() -> ApplicationException {
    ApplicationException::new(ApplicationExceptionKind::UnknownMethod, "no such method")
}

macro_rules! vector_tests {
    ($($name:ident: $write:ident, $read:ident, $binary:literal, $compact:literal;)*) => {
        mod binary_vectors {
            use super::*;
            $(#[test]
            fn $name() {
                let bytes = binary(|w| $write(w));
                assert_eq!(bytes, hex($binary));
                $read(&mut BinaryReader::new(Bytes::from(bytes)));
            })*
        }
        mod compact_vectors {
            use super::*;
            $(#[test]
            fn $name() {
                let bytes = compact(|w| $write(w));
                assert_eq!(bytes, hex($compact));
                $read(&mut CompactReader::new(Bytes::from(bytes)));
            })*
        }
    };
}

vector_tests! {
    field_ids_and_bools: write_fields, read_fields,
        "080001ffffffff02000f01020010000a001f000000000000000108002f0000000203ffff05067ffffffe0b00020000000368c3a900",
        "1501e112f602055e0403010504feff030308040368c3a900";
    integer_limits_double_uuid: write_ints, read_ints,
        "0f000108000000047fffffff8000000000000000ffffffff0f00020a000000027fffffffffffffff80000000000000000400033ff800000000000010000400112233445566778899aabbccddeeff00",
        "1945feffffff0fffffffff0f00011926feffffffffffffffff01ffffffffffffffffff0117000000000000f83f1d00112233445566778899aabbccddeeff00";
    containers: write_containers, read_containers,
        "0f0001020000000201000d0002080b000000000d00030b0a00000001000000016b00000000000000030e0004030000000f000102030405060708090a0b0c0d0e0f00050c0000000000",
        "192101021b001b0186016b061af30f000102030405060708090a0b0c0d0e190c00";
    message_with_negative_seqid: write_message, read_message,
        "800100010000000470696e67fffffffe00",
        "8221feffffff0f0470696e6700";
}

#[test]
fn application_exception_vectors() {
    let binary_bytes = trift::codec::to_binary(&app_exception()).unwrap();
    assert_eq!(
        binary_bytes.as_ref(),
        hex("0b00010000000e6e6f2073756368206d6574686f640800020000000100")
    );
    let compact_bytes = trift::codec::to_compact(&app_exception()).unwrap();
    assert_eq!(
        compact_bytes.as_ref(),
        hex("180e6e6f2073756368206d6574686f64150200")
    );
    let decoded: ApplicationException = trift::codec::from_binary(binary_bytes).unwrap();
    assert_eq!(decoded, app_exception());
    let decoded: ApplicationException = trift::codec::from_compact(compact_bytes).unwrap();
    assert_eq!(decoded, app_exception());
}

#[test]
fn application_exception_skips_unknown_fields_and_keeps_unknown_codes() {
    // {3: list<i32> [7], 2: i32 99, 1: i64 5 (wrong type, skipped)} in binary.
    let frame = hex(
        "0f0003080000000100000007080002000000630a00010000000000000005 00"
            .replace(' ', "")
            .as_str(),
    );
    let decoded: ApplicationException = trift::codec::from_binary(frame).unwrap();
    assert_eq!(decoded.kind, ApplicationExceptionKind::Other(99));
    assert_eq!(decoded.message, "");
    assert_eq!(
        decoded.to_string(),
        "Default (unknown) TApplicationException"
    );
    let roundtrip = trift::codec::to_compact(&decoded).unwrap();
    let again: ApplicationException = trift::codec::from_compact(roundtrip).unwrap();
    assert_eq!(again, decoded);
}

#[test]
fn binary_reads_non_strict_message_header() {
    // Old form: i32 name length, name, i8 type, i32 seqid.
    let frame = hex("0000000470696e67020000002a00");
    let mut reader = BinaryReader::new(Bytes::from(frame.clone()));
    let header = reader.read_message_begin().unwrap();
    assert_eq!(header.name, "ping");
    assert_eq!(header.kind, MessageType::Reply);
    assert_eq!(header.seqid, 42);
    let mut strict = BinaryReader::new(Bytes::from(frame)).strict_read(true);
    let err = strict.read_message_begin().unwrap_err();
    assert_eq!(err.kind(), ProtocolErrorKind::BadVersion);
}

#[test]
fn binary_rejects_bad_version() {
    let mut reader = BinaryReader::new(Bytes::from(hex("8002000100000000")));
    let err = reader.read_message_begin().unwrap_err();
    assert_eq!(err.kind(), ProtocolErrorKind::BadVersion);
}

#[test]
fn compact_rejects_bad_protocol_id_and_version() {
    for frame in ["8121000000", "8222000000", "8021000000"] {
        let mut reader = CompactReader::new(Bytes::from(hex(frame)));
        let err = reader.read_message_begin().unwrap_err();
        assert_eq!(err.kind(), ProtocolErrorKind::BadVersion, "{frame}");
    }
}

#[test]
fn unknown_message_type_is_invalid_data() {
    let mut binary = BinaryReader::new(Bytes::from(hex("800100070000000000000000")));
    assert_eq!(
        binary.read_message_begin().unwrap_err().kind(),
        ProtocolErrorKind::InvalidData
    );
    let mut compact = CompactReader::new(Bytes::from(hex("82e10000")));
    assert_eq!(
        compact.read_message_begin().unwrap_err().kind(),
        ProtocolErrorKind::InvalidData
    );
}

#[test]
fn compact_bool_list_elements_accept_any_byte_like_apache() {
    // Element type nibble 2 (false) is accepted as bool; byte 1 is true,
    // anything else false.
    let mut reader = CompactReader::new(Bytes::from(hex("3201000207")));
    assert_eq!(
        Vec::<bool>::decode(&mut reader).unwrap(),
        [true, false, false]
    );
}

#[test]
fn compact_varint_limits() {
    // i32 varint of 6 bytes, i64 varint of 11 bytes: overlong.
    let mut reader = CompactReader::new(Bytes::from(hex("808080808001")));
    assert_eq!(
        reader.read_i32().unwrap_err().kind(),
        ProtocolErrorKind::InvalidData
    );
    let mut reader = CompactReader::new(Bytes::from(hex("8080808080808080808001")));
    assert_eq!(
        reader.read_i64().unwrap_err().kind(),
        ProtocolErrorKind::InvalidData
    );
    // Fifth byte of an i32 with bits beyond 32, tenth byte of an i64 above 1.
    let mut reader = CompactReader::new(Bytes::from(hex("ffffffff1f")));
    assert_eq!(
        reader.read_i32().unwrap_err().kind(),
        ProtocolErrorKind::InvalidData
    );
    let mut reader = CompactReader::new(Bytes::from(hex("ffffffffffffffffff02")));
    assert_eq!(
        reader.read_i64().unwrap_err().kind(),
        ProtocolErrorKind::InvalidData
    );
    // i16 out of range.
    let mut reader = CompactReader::new(Bytes::from(hex("808004")));
    assert_eq!(
        reader.read_i16().unwrap_err().kind(),
        ProtocolErrorKind::InvalidData
    );
    // Unterminated at the end of the frame.
    let mut reader = CompactReader::new(Bytes::from(hex("8080")));
    assert_eq!(
        reader.read_i64().unwrap_err().kind(),
        ProtocolErrorKind::UnexpectedEof
    );
    // Negative zigzag values and the largest lengths.
    let mut reader = CompactReader::new(Bytes::from(hex("01037f")));
    assert_eq!(reader.read_i32().unwrap(), -1);
    assert_eq!(reader.read_i64().unwrap(), -2);
    assert_eq!(reader.read_i16().unwrap(), -64);
}

#[test]
fn negative_lengths_are_negative_size() {
    let mut binary = BinaryReader::new(Bytes::from(hex("ffffffff")));
    assert_eq!(
        binary.read_string().unwrap_err().kind(),
        ProtocolErrorKind::NegativeSize
    );
    let mut binary = BinaryReader::new(Bytes::from(hex("0880000000")));
    assert_eq!(
        binary.read_list_begin().unwrap_err().kind(),
        ProtocolErrorKind::NegativeSize
    );
    // A compact list of 2^31 elements: the varint size is negative as an i32.
    let mut compact = CompactReader::new(Bytes::from(hex("f58080808008")));
    assert_eq!(
        compact.read_list_begin().unwrap_err().kind(),
        ProtocolErrorKind::NegativeSize
    );
    // 0xffffffff as a compact varint length is -1 as an i32.
    let mut compact = CompactReader::new(Bytes::from(hex("ffffffff0f")));
    assert_eq!(
        compact.read_binary().unwrap_err().kind(),
        ProtocolErrorKind::NegativeSize
    );
}

#[test]
fn invalid_utf8_string_is_invalid_data() {
    let mut binary = BinaryReader::new(Bytes::from(hex("00000002c328")));
    assert_eq!(
        binary.read_string().unwrap_err().kind(),
        ProtocolErrorKind::InvalidData
    );
    let mut compact = CompactReader::new(Bytes::from(hex("02c328")));
    assert_eq!(
        compact.read_string().unwrap_err().kind(),
        ProtocolErrorKind::InvalidData
    );
}

#[test]
fn element_type_mismatch_is_invalid_data() {
    let bytes = trift::codec::to_binary(&vec![1i32, 2]).unwrap();
    let err = trift::codec::from_binary::<Vec<i64>>(bytes).unwrap_err();
    assert_eq!(err.kind(), ProtocolErrorKind::InvalidData);
    assert!(err.message().contains("I32") && err.message().contains("I64"));
}

#[test]
fn binary_values_are_zero_copy_slices_of_the_frame() {
    let frame = Bytes::from(hex("0000000301020300"));
    let mut reader = BinaryReader::new(frame.clone());
    let value = reader.read_binary().unwrap();
    assert_eq!(value.as_ref(), [1, 2, 3]);
    assert_eq!(value.as_ptr(), frame[4..].as_ptr());
}
