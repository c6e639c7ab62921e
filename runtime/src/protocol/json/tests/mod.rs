//! Tests of the JSON protocols: Python's own bytes, what other Apache
//! implementations write, hostile input and property round trips.

mod hostile;
mod roundtrip;
mod vectors;

use bytes::Bytes;
use uuid::Uuid;

use super::{JsonReader, JsonWriter};
use crate::protocol::{
    MessageType, ProtocolErrorKind, ProtocolReader, ProtocolResult, ProtocolWriter,
    SimpleJsonWriter, TType,
};
use vectors::VECTORS;

/// One protocol call, with the value written or expected back.
#[derive(Debug, Clone, Copy)]
pub(super) enum Op {
    MsgBegin(&'static str, MessageType, i32),
    MsgEnd,
    StructBegin,
    StructEnd,
    FieldBegin(&'static str, TType, i16),
    FieldEnd,
    FieldStop,
    Bool(bool),
    I8(i8),
    I16(i16),
    I32(i32),
    I64(i64),
    Double(f64),
    Str(&'static str),
    Bin(&'static [u8]),
    Uuid(u128),
    ListBegin(TType, usize),
    ListEnd,
    SetBegin(TType, usize),
    SetEnd,
    MapBegin(TType, TType, usize),
    MapEnd,
}

fn write_ops<W: ProtocolWriter>(w: &mut W, ops: &[Op]) -> ProtocolResult<()> {
    for op in ops {
        match *op {
            Op::MsgBegin(name, kind, seqid) => w.write_message_begin(name, kind, seqid)?,
            Op::MsgEnd => w.write_message_end()?,
            Op::StructBegin => w.write_struct_begin("S")?,
            Op::StructEnd => w.write_struct_end()?,
            Op::FieldBegin(name, ttype, id) => w.write_field_begin(name, ttype, id)?,
            Op::FieldEnd => w.write_field_end()?,
            Op::FieldStop => w.write_field_stop()?,
            Op::Bool(v) => w.write_bool(v)?,
            Op::I8(v) => w.write_i8(v)?,
            Op::I16(v) => w.write_i16(v)?,
            Op::I32(v) => w.write_i32(v)?,
            Op::I64(v) => w.write_i64(v)?,
            Op::Double(v) => w.write_double(v)?,
            Op::Str(v) => w.write_string(v)?,
            Op::Bin(v) => w.write_binary(v)?,
            Op::Uuid(v) => w.write_uuid(&Uuid::from_u128(v))?,
            Op::ListBegin(elem, len) => w.write_list_begin(elem, len)?,
            Op::ListEnd => w.write_list_end()?,
            Op::SetBegin(elem, len) => w.write_set_begin(elem, len)?,
            Op::SetEnd => w.write_set_end()?,
            Op::MapBegin(k, v, len) => w.write_map_begin(k, v, len)?,
            Op::MapEnd => w.write_map_end()?,
        }
    }
    Ok(())
}

/// Replays `ops` as reads, checking every value. Errors propagate; a value
/// mismatch panics (it is a test failure, not a decode error).
fn read_ops<R: ProtocolReader>(r: &mut R, ops: &[Op]) -> ProtocolResult<()> {
    for op in ops {
        match *op {
            Op::MsgBegin(name, kind, seqid) => {
                let h = r.read_message_begin()?;
                assert_eq!((h.name.as_str(), h.kind, h.seqid), (name, kind, seqid));
            }
            Op::MsgEnd => r.read_message_end()?,
            Op::StructBegin => r.read_struct_begin()?,
            Op::StructEnd => r.read_struct_end()?,
            Op::FieldBegin(_, ttype, id) => {
                let h = r.read_field_begin()?;
                assert_eq!((h.ttype, h.id), (ttype, id));
            }
            Op::FieldEnd => r.read_field_end()?,
            Op::FieldStop => assert_eq!(r.read_field_begin()?.ttype, TType::Stop),
            Op::Bool(v) => assert_eq!(r.read_bool()?, v),
            Op::I8(v) => assert_eq!(r.read_i8()?, v),
            Op::I16(v) => assert_eq!(r.read_i16()?, v),
            Op::I32(v) => assert_eq!(r.read_i32()?, v),
            Op::I64(v) => assert_eq!(r.read_i64()?, v),
            Op::Double(v) => {
                let got = r.read_double()?;
                assert!(
                    got.to_bits() == v.to_bits() || (got.is_nan() && v.is_nan()),
                    "{got} != {v}"
                );
            }
            Op::Str(v) => assert_eq!(r.read_string()?, v),
            Op::Bin(v) => assert_eq!(r.read_binary()?, v),
            Op::Uuid(v) => assert_eq!(r.read_uuid()?, Uuid::from_u128(v)),
            Op::ListBegin(elem, len) => {
                let h = r.read_list_begin()?;
                assert_eq!((h.elem, h.len), (elem, len));
            }
            Op::ListEnd => r.read_list_end()?,
            Op::SetBegin(elem, len) => {
                let h = r.read_set_begin()?;
                assert_eq!((h.elem, h.len), (elem, len));
            }
            Op::SetEnd => r.read_set_end()?,
            Op::MapBegin(k, v, len) => {
                let h = r.read_map_begin()?;
                assert_eq!((h.key, h.value, h.len), (k, v, len));
            }
            Op::MapEnd => r.read_map_end()?,
        }
    }
    Ok(())
}

fn json_of(ops: &[Op]) -> Vec<u8> {
    let mut w = JsonWriter::new(Vec::new());
    write_ops(&mut w, ops).unwrap();
    w.into_inner()
}

fn decode(text: &[u8], ops: &[Op]) -> ProtocolResult<usize> {
    let mut r = JsonReader::new(Bytes::copy_from_slice(text));
    read_ops(&mut r, ops)?;
    Ok(r.remaining())
}

#[test]
fn writer_matches_python_byte_for_byte() {
    for v in VECTORS {
        assert_eq!(
            String::from_utf8_lossy(&json_of(v.ops)),
            String::from_utf8_lossy(v.json),
            "vector {}",
            v.name
        );
    }
}

#[test]
fn reader_decodes_python_bytes_to_the_same_values() {
    for v in VECTORS {
        assert_eq!(decode(v.json, v.ops), Ok(0), "vector {}", v.name);
    }
}

#[test]
fn simple_json_writer_matches_python_byte_for_byte() {
    let mut compared = 0;
    for v in VECTORS {
        let Some(expected) = v.simple else { continue };
        let mut w = SimpleJsonWriter::new(Vec::new());
        write_ops(&mut w, v.ops).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&w.into_inner()),
            String::from_utf8_lossy(expected),
            "vector {}",
            v.name
        );
        compared += 1;
    }
    assert!(compared >= 10);
}

#[test]
fn special_doubles_are_quoted_strings_and_python_spellings_are_read() {
    let ops = [
        Op::ListBegin(TType::Double, 3),
        Op::Double(f64::NAN),
        Op::Double(f64::INFINITY),
        Op::Double(f64::NEG_INFINITY),
        Op::ListEnd,
    ];
    let text = json_of(&ops);
    assert_eq!(text, br#"["dbl",3,"NaN","Infinity","-Infinity"]"#);
    assert_eq!(decode(&text, &ops), Ok(0));
    // What Python 0.25.0 writes for the same calls.
    assert_eq!(decode(br#"["dbl",3,nan,inf,-inf]"#, &ops), Ok(0));
    // In key position every writer quotes, Python included.
    let keyed = [
        Op::MapBegin(TType::Double, TType::I8, 1),
        Op::Double(f64::NEG_INFINITY),
        Op::I8(1),
        Op::MapEnd,
    ];
    assert_eq!(json_of(&keyed), br#"["dbl","i8",1,{"-Infinity":1}]"#);
    assert_eq!(decode(br#"["dbl","i8",1,{"-inf":1}]"#, &keyed), Ok(0));
}

#[test]
fn simple_json_keeps_special_doubles_and_control_characters_valid() {
    let mut w = SimpleJsonWriter::new(Vec::new());
    let ops = [
        Op::ListBegin(TType::Double, 2),
        Op::Double(f64::NAN),
        Op::Double(f64::NEG_INFINITY),
        Op::ListEnd,
    ];
    write_ops(&mut w, &ops).unwrap();
    assert_eq!(w.into_inner(), br#"["NaN","-Infinity"]"#);
    let mut w = SimpleJsonWriter::new(Vec::new());
    w.write_string("a\u{1}\n").unwrap();
    assert_eq!(w.into_inner(), br#""a\u0001\n""#);
}

#[test]
fn reader_accepts_what_java_and_cpp_write() {
    // Java: Double.toString, unpadded base64, \u00xx control escapes.
    let java = br#"[1,"m",2,0,{"1":{"dbl":1.0E100},"2":{"str":"YWI"},"3":{"str":"\u0001\/"},"4":{"dbl":4.9E-324},"5":{"dbl":"Infinity"}}]"#;
    let ops = [
        Op::MsgBegin("m", MessageType::Reply, 0),
        Op::StructBegin,
        Op::FieldBegin("", TType::Double, 1),
        Op::Double(1e100),
        Op::FieldEnd,
        Op::FieldBegin("", TType::String, 2),
        Op::Bin(b"ab"),
        Op::FieldEnd,
        Op::FieldBegin("", TType::String, 3),
        Op::Str("\u{1}/"),
        Op::FieldEnd,
        Op::FieldBegin("", TType::Double, 4),
        Op::Double(5e-324),
        Op::FieldEnd,
        Op::FieldBegin("", TType::Double, 5),
        Op::Double(f64::INFINITY),
        Op::FieldEnd,
        Op::FieldStop,
        Op::StructEnd,
        Op::MsgEnd,
    ];
    assert_eq!(decode(java, &ops), Ok(0));
    // Quoted numbers outside key position, unquoted ones inside, both
    // padded and unpadded base64, upper-case \u escapes.
    let lenient = br#"["i64","str",2,{1:"QQ==","2":"QUI"}]"#;
    let ops = [
        Op::MapBegin(TType::I64, TType::String, 2),
        Op::I64(1),
        Op::Bin(b"A"),
        Op::I64(2),
        Op::Bin(b"AB"),
        Op::MapEnd,
    ];
    assert_eq!(decode(lenient, &ops), Ok(0));
    let ops = [Op::ListBegin(TType::I32, 1), Op::I32(-5), Op::ListEnd];
    assert_eq!(decode(br#"["i32","1","-5"]"#, &ops), Ok(0));
    assert_eq!(
        decode(
            br#"["str",1,"\u00E9\uD83D\uDE00"]"#,
            &[Op::ListBegin(TType::String, 1), Op::Str("é😀"), Op::ListEnd]
        ),
        Ok(0)
    );
}

#[test]
fn bools_read_any_non_zero_integer_as_true() {
    let ops = [
        Op::ListBegin(TType::Bool, 3),
        Op::Bool(true),
        Op::Bool(false),
        Op::Bool(true),
        Op::ListEnd,
    ];
    assert_eq!(decode(br#"["tf",3,1,0,-7]"#, &ops), Ok(0));
}

#[test]
fn uuids_accept_every_form_python_accepts() {
    let ops = [
        Op::ListBegin(TType::Uuid, 3),
        Op::Uuid(0x00112233_4455_6677_8899_aabbccddeeff),
        Op::Uuid(0x00112233_4455_6677_8899_aabbccddeeff),
        Op::Uuid(0x00112233_4455_6677_8899_aabbccddeeff),
        Op::ListEnd,
    ];
    let text = br#"["uid",3,"00112233-4455-6677-8899-AABBCCDDEEFF","{00112233-4455-6677-8899-aabbccddeeff}","00112233445566778899aabbccddeeff"]"#;
    assert_eq!(decode(text, &ops), Ok(0));
}

#[test]
fn bad_versions_and_unknown_message_types_are_typed() {
    let kind = |text: &[u8]| {
        JsonReader::new(Bytes::copy_from_slice(text))
            .read_message_begin()
            .unwrap_err()
            .kind()
    };
    assert_eq!(kind(br#"[2,"m",1,0,{}]"#), ProtocolErrorKind::BadVersion);
    assert_eq!(kind(br#"[1,"m",9,0,{}]"#), ProtocolErrorKind::InvalidData);
    assert_eq!(
        kind(br#"[1,"m",1,2147483648,{}]"#),
        ProtocolErrorKind::InvalidData
    );
    assert_eq!(kind(br#"{"m"}"#), ProtocolErrorKind::InvalidData);
    assert_eq!(kind(b""), ProtocolErrorKind::UnexpectedEof);
}

#[test]
fn out_of_range_integers_are_invalid_data() {
    let read = |text: &'static [u8], ttype: TType| {
        let mut r = JsonReader::new(Bytes::from_static(text));
        r.read_list_begin().unwrap();
        let err = match ttype {
            TType::I8 => r.read_i8().map(drop),
            TType::I16 => r.read_i16().map(drop),
            TType::I32 => r.read_i32().map(drop),
            _ => r.read_i64().map(drop),
        };
        err.unwrap_err().kind()
    };
    assert_eq!(
        read(br#"["i8",1,128]"#, TType::I8),
        ProtocolErrorKind::InvalidData
    );
    assert_eq!(
        read(br#"["i16",1,-32769]"#, TType::I16),
        ProtocolErrorKind::InvalidData
    );
    assert_eq!(
        read(br#"["i32",1,2147483648]"#, TType::I32),
        ProtocolErrorKind::InvalidData
    );
    assert_eq!(
        read(br#"["i64",1,9223372036854775808]"#, TType::I64),
        ProtocolErrorKind::InvalidData
    );
    assert_eq!(
        read(br#"["i64",1,1.5]"#, TType::I64),
        ProtocolErrorKind::InvalidData
    );
    assert_eq!(
        read(br#"["i64",1,"7]"#, TType::I64),
        ProtocolErrorKind::InvalidData
    );
    assert_eq!(
        read(br#"["i64",1,"7"#, TType::I64),
        ProtocolErrorKind::UnexpectedEof
    );
    let mut r = JsonReader::new(Bytes::from_static(br#"{"40000":{"i8":1}}"#));
    r.read_struct_begin().unwrap();
    assert_eq!(
        r.read_field_begin().unwrap_err().kind(),
        ProtocolErrorKind::InvalidData
    );
}

#[test]
fn strings_must_be_utf8_and_escapes_well_formed() {
    let read = |text: &[u8]| {
        let mut r = JsonReader::new(Bytes::copy_from_slice(text));
        r.read_list_begin().unwrap();
        r.read_string().map_err(|e| e.kind())
    };
    assert_eq!(
        read(b"[\"str\",1,\"\xff\"]"),
        Err(ProtocolErrorKind::InvalidData)
    );
    assert_eq!(
        read(b"[\"str\",1,\"\xc3\"]"),
        Err(ProtocolErrorKind::InvalidData)
    );
    assert_eq!(
        read(b"[\"str\",1,\"a\\u00e9\xed\xa0\x80\"]"),
        Err(ProtocolErrorKind::InvalidData)
    );
    assert_eq!(
        read(br#"["str",1,"\ud800x"]"#),
        Err(ProtocolErrorKind::InvalidData)
    );
    assert_eq!(
        read(br#"["str",1,"\udc00"]"#),
        Err(ProtocolErrorKind::InvalidData)
    );
    assert_eq!(
        read(br#"["str",1,"\q"]"#),
        Err(ProtocolErrorKind::InvalidData)
    );
    assert_eq!(
        read(b"[\"str\",1,\"a\x01\tb\"]"),
        Ok("a\u{1}\tb".to_owned())
    );
    let bin = |text: &[u8]| {
        let mut r = JsonReader::new(Bytes::copy_from_slice(text));
        r.read_list_begin().unwrap();
        r.read_binary().map_err(|e| e.kind())
    };
    assert_eq!(bin(br#"["str",1,"YWJ"]"#), Ok(Bytes::from_static(b"ab")));
    assert_eq!(
        bin(br#"["str",1,"Y"]"#),
        Err(ProtocolErrorKind::InvalidData)
    );
    assert_eq!(
        bin(br#"["str",1,"YW*j"]"#),
        Err(ProtocolErrorKind::InvalidData)
    );
    assert_eq!(
        bin(br#"["str",1,"YWJj\/\/\/\/"]"#),
        Ok(Bytes::from_static(b"abc\xff\xff\xff"))
    );
}
