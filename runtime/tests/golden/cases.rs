//! The golden cases of `tests/vectors/cases.json` as Rust values, and the
//! committed vector files they are checked against.

use std::path::{Path, PathBuf};

use serde_json::Value;
use trift::Uuid;
use trift::protocol::{MessageType, TType};

/// The protocols every case runs with unless restricted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Protocol {
    Binary,
    Compact,
    Json,
}

/// All protocols, in the order the reports list them.
pub(crate) const PROTOCOLS: [Protocol; 3] = [Protocol::Binary, Protocol::Compact, Protocol::Json];

impl Protocol {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Protocol::Binary => "binary",
            Protocol::Compact => "compact",
            Protocol::Json => "json",
        }
    }

    fn from_name(name: &str) -> Protocol {
        PROTOCOLS
            .into_iter()
            .find(|p| p.name() == name)
            .unwrap_or_else(|| panic!("unknown protocol {name:?} in cases.json"))
    }
}

/// One protocol operation of a case script.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    MessageBegin(String, MessageType, i32),
    MessageEnd,
    StructBegin(String),
    StructEnd,
    FieldBegin {
        name: String,
        ttype: TType,
        id: i16,
        skip: bool,
    },
    FieldEnd,
    FieldStop,
    Bool(bool),
    I8(i8),
    I16(i16),
    I32(i32),
    I64(i64),
    Double(f64),
    String(String),
    Binary(Vec<u8>),
    Uuid(Uuid),
    ListBegin(TType, usize),
    ListEnd,
    SetBegin(TType, usize),
    SetEnd,
    MapBegin(TType, TType, usize),
    MapEnd,
}

/// A case restricted to the protocols it runs with.
pub(crate) struct Case {
    pub(crate) name: String,
    pub(crate) protocols: Vec<Protocol>,
    pub(crate) decode_only: bool,
    pub(crate) ops: Vec<Op>,
}

/// A hand-written vector: read only, or also the exact bytes trift writes.
pub(crate) struct Handwritten {
    pub(crate) name: String,
    pub(crate) protocol: Protocol,
    pub(crate) encode: bool,
    pub(crate) bytes: Vec<u8>,
    pub(crate) ops: Vec<Op>,
}

/// The directory holding cases.json and the vector files.
pub(crate) fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

/// The parsed cases.json.
pub(crate) fn load_spec() -> Value {
    let path = vectors_dir().join("cases.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

fn ttype(name: &Value) -> TType {
    match name.as_str().expect("type name") {
        "bool" => TType::Bool,
        "i8" => TType::I8,
        "i16" => TType::I16,
        "i32" => TType::I32,
        "i64" => TType::I64,
        "double" => TType::Double,
        "string" | "binary" => TType::String,
        "uuid" => TType::Uuid,
        "struct" => TType::Struct,
        "map" => TType::Map,
        "set" => TType::Set,
        "list" => TType::List,
        other => panic!("unknown type name {other:?}"),
    }
}

fn int<T: TryFrom<i64>>(value: &Value) -> T {
    let n = value
        .as_i64()
        .unwrap_or_else(|| panic!("{value} is not an integer"));
    T::try_from(n).unwrap_or_else(|_| panic!("{n} out of range"))
}

fn text(value: &Value) -> String {
    value
        .as_str()
        .unwrap_or_else(|| panic!("{value} is not a string"))
        .to_owned()
}

fn parse_op(op: &Value) -> Op {
    let items = op
        .as_array()
        .unwrap_or_else(|| panic!("{op} is not an array"));
    let arg = |i: usize| {
        items
            .get(i)
            .unwrap_or_else(|| panic!("{op}: argument {i} missing"))
    };
    let kind = arg(0)
        .as_str()
        .unwrap_or_else(|| panic!("{op}: no operation name"));
    match kind {
        "message_begin" => {
            let message_type = match arg(2).as_str() {
                Some("call") => MessageType::Call,
                Some("reply") => MessageType::Reply,
                Some("exception") => MessageType::Exception,
                Some("oneway") => MessageType::Oneway,
                _ => panic!("{op}: unknown message type"),
            };
            Op::MessageBegin(text(arg(1)), message_type, int(arg(3)))
        }
        "message_end" => Op::MessageEnd,
        "struct_begin" => Op::StructBegin(text(arg(1))),
        "struct_end" => Op::StructEnd,
        "field_begin" => Op::FieldBegin {
            name: text(arg(1)),
            ttype: ttype(arg(2)),
            id: int(arg(3)),
            skip: items
                .get(4)
                .and_then(|o| o.get("skip"))
                .and_then(Value::as_bool)
                == Some(true),
        },
        "field_end" => Op::FieldEnd,
        "field_stop" => Op::FieldStop,
        "bool" => Op::Bool(
            arg(1)
                .as_bool()
                .unwrap_or_else(|| panic!("{op}: not a bool")),
        ),
        "i8" => Op::I8(int(arg(1))),
        "i16" => Op::I16(int(arg(1))),
        "i32" => Op::I32(int(arg(1))),
        "i64" => Op::I64(text(arg(1)).parse().unwrap_or_else(|e| panic!("{op}: {e}"))),
        "double" => Op::Double(text(arg(1)).parse().unwrap_or_else(|e| panic!("{op}: {e}"))),
        "string" => Op::String(text(arg(1))),
        "binary" => Op::Binary(parse_hex(&text(arg(1)))),
        "uuid" => Op::Uuid(Uuid::parse_str(&text(arg(1))).unwrap_or_else(|e| panic!("{op}: {e}"))),
        "list_begin" => Op::ListBegin(ttype(arg(1)), int(arg(2))),
        "list_end" => Op::ListEnd,
        "set_begin" => Op::SetBegin(ttype(arg(1)), int(arg(2))),
        "set_end" => Op::SetEnd,
        "map_begin" => Op::MapBegin(ttype(arg(1)), ttype(arg(2)), int(arg(3))),
        "map_end" => Op::MapEnd,
        other => panic!("unknown operation {other:?}"),
    }
}

fn parse_ops(case: &Value) -> Vec<Op> {
    case["ops"]
        .as_array()
        .expect("ops")
        .iter()
        .map(parse_op)
        .collect()
}

/// The cases Python writes, each with the protocols it runs with.
pub(crate) fn load_cases(spec: &Value) -> Vec<Case> {
    let cases = spec["cases"].as_array().expect("cases");
    cases
        .iter()
        .map(|case| Case {
            name: text(&case["name"]),
            protocols: match case.get("protocols") {
                Some(list) => list
                    .as_array()
                    .expect("protocols")
                    .iter()
                    .map(|p| Protocol::from_name(&text(p)))
                    .collect(),
                None => PROTOCOLS.to_vec(),
            },
            decode_only: case.get("decode_only").and_then(Value::as_bool) == Some(true),
            ops: parse_ops(case),
        })
        .collect()
}

/// The hand-written vectors, which Python only reads.
pub(crate) fn load_handwritten(spec: &Value) -> Vec<Handwritten> {
    let entries = spec["handwritten"].as_array().expect("handwritten");
    entries
        .iter()
        .map(|entry| Handwritten {
            name: text(&entry["name"]),
            protocol: Protocol::from_name(&text(&entry["protocol"])),
            encode: entry["encode"].as_bool().expect("encode flag"),
            bytes: match entry.get("text") {
                Some(t) => text(t).into_bytes(),
                None => parse_hex(&text(&entry["hex"])),
            },
            ops: parse_ops(entry),
        })
        .collect()
}

/// Parses hex digits, ignoring whitespace and, on each line, anything after `#`.
fn parse_hex(input: &str) -> Vec<u8> {
    let digits: Vec<u8> = input
        .lines()
        .flat_map(|line| line.split('#').next().unwrap_or("").bytes())
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    assert!(digits.len().is_multiple_of(2), "odd number of hex digits");
    digits
        .chunks(2)
        .map(|pair| {
            let pair = std::str::from_utf8(pair).expect("hex is ASCII");
            u8::from_str_radix(pair, 16).unwrap_or_else(|e| panic!("bad hex {pair:?}: {e}"))
        })
        .collect()
}

fn vector_path(protocol: Protocol, case: &str) -> PathBuf {
    vectors_dir()
        .join(protocol.name())
        .join(format!("{case}.hex"))
}

/// The committed bytes Apache wrote for `case` with `protocol`.
pub(crate) fn load_vector(protocol: Protocol, case: &str) -> Vec<u8> {
    let path = vector_path(protocol, case);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("missing vector {path:?} ({e}): run python3 runtime/tests/vectors/generate.py")
    });
    parse_hex(&text)
}
