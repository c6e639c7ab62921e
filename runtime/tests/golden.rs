//! Golden vectors from Apache Thrift's own Python library (see
//! `tests/vectors/README.md`).
//!
//! Every case in `tests/vectors/cases.json` is a script of protocol
//! operations. For each case and protocol, trift's writer must produce exactly
//! the bytes PyPI `thrift` 0.25.0 wrote, and trift's reader must decode
//! Apache's bytes to the script's values and consume all of them.

#[path = "golden/cases.rs"]
mod cases;

use std::collections::BTreeSet;
use std::fmt::Write as _;

use bytes::Bytes;
use cases::{
    Op, PROTOCOLS, Protocol, load_cases, load_handwritten, load_spec, load_vector, vectors_dir,
};
use trift::protocol::{
    BinaryReader, BinaryWriter, CompactReader, CompactWriter, JsonReader, JsonWriter,
    ProtocolReader, ProtocolResult, ProtocolWriter, TType, skip,
};

fn write_ops<W: ProtocolWriter>(writer: &mut W, ops: &[Op]) -> ProtocolResult<()> {
    for op in ops {
        match op {
            Op::MessageBegin(name, kind, seqid) => {
                writer.write_message_begin(name, *kind, *seqid)?
            }
            Op::MessageEnd => writer.write_message_end()?,
            Op::StructBegin(name) => writer.write_struct_begin(name)?,
            Op::StructEnd => writer.write_struct_end()?,
            Op::FieldBegin {
                name, ttype, id, ..
            } => writer.write_field_begin(name, *ttype, *id)?,
            Op::FieldEnd => writer.write_field_end()?,
            Op::FieldStop => writer.write_field_stop()?,
            Op::Bool(v) => writer.write_bool(*v)?,
            Op::I8(v) => writer.write_i8(*v)?,
            Op::I16(v) => writer.write_i16(*v)?,
            Op::I32(v) => writer.write_i32(*v)?,
            Op::I64(v) => writer.write_i64(*v)?,
            Op::Double(v) => writer.write_double(*v)?,
            Op::String(v) => writer.write_string(v)?,
            Op::Binary(v) => writer.write_binary(v)?,
            Op::Uuid(v) => writer.write_uuid(v)?,
            Op::ListBegin(elem, len) => writer.write_list_begin(*elem, *len)?,
            Op::ListEnd => writer.write_list_end()?,
            Op::SetBegin(elem, len) => writer.write_set_begin(*elem, *len)?,
            Op::SetEnd => writer.write_set_end()?,
            Op::MapBegin(key, value, len) => writer.write_map_begin(*key, *value, *len)?,
            Op::MapEnd => writer.write_map_end()?,
        }
    }
    Ok(())
}

fn encode(protocol: Protocol, ops: &[Op]) -> ProtocolResult<Vec<u8>> {
    match protocol {
        Protocol::Binary => {
            let mut writer = BinaryWriter::new(Vec::new());
            write_ops(&mut writer, ops)?;
            Ok(writer.into_inner())
        }
        Protocol::Compact => {
            let mut writer = CompactWriter::new(Vec::new());
            write_ops(&mut writer, ops)?;
            Ok(writer.into_inner())
        }
        Protocol::Json => {
            let mut writer = JsonWriter::new(Vec::new());
            write_ops(&mut writer, ops)?;
            Ok(writer.into_inner())
        }
    }
}

fn check<T: PartialEq + std::fmt::Debug>(expected: T, read: T) -> Result<(), String> {
    if expected == read {
        Ok(())
    } else {
        Err(format!("expected {expected:?}, read {read:?}"))
    }
}

fn same_double(expected: f64, read: f64) -> bool {
    if expected.is_nan() {
        read.is_nan()
    } else {
        expected.to_bits() == read.to_bits()
    }
}

/// Index just past the `FieldEnd` matching the `FieldBegin` at `start`.
fn end_of_field(ops: &[Op], start: usize) -> usize {
    let mut depth = 0usize;
    for (index, op) in ops.iter().enumerate().skip(start) {
        match op {
            Op::FieldBegin { .. } => depth += 1,
            Op::FieldEnd => {
                depth -= 1;
                if depth == 0 {
                    return index + 1;
                }
            }
            _ => {}
        }
    }
    panic!("field at op {start} has no field_end")
}

fn read_op<R: ProtocolReader>(reader: &mut R, op: &Op, compact: bool) -> Result<(), String> {
    let err = |e: trift::protocol::ProtocolError| format!("error: {e}");
    match op {
        Op::MessageBegin(name, kind, seqid) => {
            let header = reader.read_message_begin().map_err(err)?;
            check(
                (name.as_str(), *kind, *seqid),
                (header.name.as_str(), header.kind, header.seqid),
            )
        }
        Op::MessageEnd => reader.read_message_end().map_err(err),
        Op::StructBegin(_) => reader.read_struct_begin().map_err(err),
        Op::StructEnd => reader.read_struct_end().map_err(err),
        Op::FieldBegin { ttype, id, .. } => {
            let header = reader.read_field_begin().map_err(err)?;
            check((*ttype, *id), (header.ttype, header.id))
        }
        Op::FieldEnd => reader.read_field_end().map_err(err),
        Op::FieldStop => check(TType::Stop, reader.read_field_begin().map_err(err)?.ttype),
        Op::Bool(v) => check(*v, reader.read_bool().map_err(err)?),
        Op::I8(v) => check(*v, reader.read_i8().map_err(err)?),
        Op::I16(v) => check(*v, reader.read_i16().map_err(err)?),
        Op::I32(v) => check(*v, reader.read_i32().map_err(err)?),
        Op::I64(v) => check(*v, reader.read_i64().map_err(err)?),
        Op::Double(v) => {
            let read = reader.read_double().map_err(err)?;
            if same_double(*v, read) {
                Ok(())
            } else {
                Err(format!(
                    "expected {v:?} (bits {:#x}), read {read:?} (bits {:#x})",
                    v.to_bits(),
                    read.to_bits()
                ))
            }
        }
        Op::String(v) => check(v.as_str(), reader.read_string().map_err(err)?.as_str()),
        Op::Binary(v) => check(
            Bytes::copy_from_slice(v),
            reader.read_binary().map_err(err)?,
        ),
        Op::Uuid(v) => check(*v, reader.read_uuid().map_err(err)?),
        Op::ListBegin(elem, len) => {
            let header = reader.read_list_begin().map_err(err)?;
            check((*elem, *len), (header.elem, header.len))
        }
        Op::ListEnd => reader.read_list_end().map_err(err),
        Op::SetBegin(elem, len) => {
            let header = reader.read_set_begin().map_err(err)?;
            check((*elem, *len), (header.elem, header.len))
        }
        Op::SetEnd => reader.read_set_end().map_err(err),
        Op::MapBegin(key, value, len) => {
            let header = reader.read_map_begin().map_err(err)?;
            check(*len, header.len)?;
            // An empty compact map carries no key and value types.
            if compact && header.len == 0 {
                Ok(())
            } else {
                check((*key, *value), (header.key, header.value))
            }
        }
        Op::MapEnd => reader.read_map_end().map_err(err),
    }
}

fn read_ops<R: ProtocolReader>(reader: &mut R, ops: &[Op], compact: bool) -> Result<(), String> {
    let mut index = 0;
    while let Some(op) = ops.get(index) {
        let context = |msg: String| format!("op {index} {op:?}: {msg}");
        read_op(reader, op, compact).map_err(context)?;
        if let Op::FieldBegin {
            ttype, skip: true, ..
        } = op
        {
            skip(reader, *ttype).map_err(|e| context(format!("skip failed: {e}")))?;
            reader
                .read_field_end()
                .map_err(|e| context(format!("field end after skip: {e}")))?;
            index = end_of_field(ops, index);
        } else {
            index += 1;
        }
    }
    match reader.remaining() {
        0 => Ok(()),
        left => Err(format!("{left} bytes left unread after the last operation")),
    }
}

fn decode(protocol: Protocol, bytes: &[u8], ops: &[Op]) -> Result<(), String> {
    let frame = Bytes::copy_from_slice(bytes);
    match protocol {
        Protocol::Binary => read_ops(&mut BinaryReader::new(frame), ops, false),
        Protocol::Compact => read_ops(&mut CompactReader::new(frame), ops, true),
        Protocol::Json => read_ops(&mut JsonReader::new(frame), ops, false),
    }
}

fn hex_dump(bytes: &[u8]) -> String {
    let mut out = String::new();
    for (line, chunk) in bytes.chunks(16).enumerate() {
        let hex: String = chunk.iter().map(|b| format!("{b:02x}")).collect();
        let shown: String = chunk
            .iter()
            .map(|&b| {
                if (0x20..0x7f).contains(&b) {
                    b as char
                } else {
                    '.'
                }
            })
            .collect();
        let _ = writeln!(out, "  {:06x}: {hex:<32}  {shown}", line * 16);
    }
    out
}

fn compare(case: &str, protocol: Protocol, expected: &[u8], actual: &[u8]) -> Result<(), String> {
    if expected == actual {
        return Ok(());
    }
    let offset = expected
        .iter()
        .zip(actual)
        .position(|(a, b)| a != b)
        .unwrap_or(expected.len().min(actual.len()));
    Err(format!(
        "{case} [{}]: trift's bytes differ from Apache's at offset {offset} (Apache {} bytes, trift {} bytes)\nApache:\n{}trift:\n{}",
        protocol.name(),
        expected.len(),
        actual.len(),
        hex_dump(expected),
        hex_dump(actual)
    ))
}

fn report(what: &str, failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{what}: {} failure(s)\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

fn writes_apaches_bytes(protocol: Protocol) {
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in load_cases(&load_spec()) {
        if case.decode_only || !case.protocols.contains(&protocol) {
            continue;
        }
        ran += 1;
        let expected = load_vector(protocol, &case.name);
        let outcome = encode(protocol, &case.ops)
            .map_err(|e| format!("{} [{}]: write failed: {e}", case.name, protocol.name()))
            .and_then(|actual| compare(&case.name, protocol, &expected, &actual));
        failures.extend(outcome.err());
    }
    assert!(ran > 0, "no cases ran for {}", protocol.name());
    report(&format!("{} writer vs Apache", protocol.name()), failures);
}

fn reads_apaches_bytes(protocol: Protocol) {
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in load_cases(&load_spec()) {
        if !case.protocols.contains(&protocol) {
            continue;
        }
        ran += 1;
        let bytes = load_vector(protocol, &case.name);
        if let Err(e) = decode(protocol, &bytes, &case.ops) {
            failures.push(format!(
                "{} [{}]: {e}\n{}",
                case.name,
                protocol.name(),
                hex_dump(&bytes)
            ));
        }
    }
    assert!(ran > 0, "no cases ran for {}", protocol.name());
    report(
        &format!("{} reader over Apache's bytes", protocol.name()),
        failures,
    );
}

#[test]
fn binary_writer_matches_apache() {
    writes_apaches_bytes(Protocol::Binary);
}

#[test]
fn compact_writer_matches_apache() {
    writes_apaches_bytes(Protocol::Compact);
}

#[test]
fn json_writer_matches_apache() {
    writes_apaches_bytes(Protocol::Json);
}

#[test]
fn binary_reader_decodes_apache() {
    reads_apaches_bytes(Protocol::Binary);
}

#[test]
fn compact_reader_decodes_apache() {
    reads_apaches_bytes(Protocol::Compact);
}

#[test]
fn json_reader_decodes_apache() {
    reads_apaches_bytes(Protocol::Json);
}

#[test]
fn handwritten_vectors() {
    let mut failures = Vec::new();
    let entries = load_handwritten(&load_spec());
    assert!(!entries.is_empty());
    for entry in entries {
        let tag = format!("{} [{}]", entry.name, entry.protocol.name());
        if let Err(e) = decode(entry.protocol, &entry.bytes, &entry.ops) {
            failures.push(format!("{tag}: read: {e}"));
        }
        if entry.encode {
            let outcome = encode(entry.protocol, &entry.ops)
                .map_err(|e| format!("{tag}: write failed: {e}"))
                .and_then(|actual| compare(&entry.name, entry.protocol, &entry.bytes, &actual));
            failures.extend(outcome.err());
        }
    }
    report("hand-written vectors", failures);
}

/// Every case has a vector for each of its protocols and every vector file
/// belongs to a case, so a renamed or deleted case cannot leave a stale
/// vector behind, nor a new case run against nothing.
#[test]
fn vector_files_match_cases() {
    let spec = load_spec();
    let cases = load_cases(&spec);
    let mut names = BTreeSet::new();
    for name in cases
        .iter()
        .map(|c| &c.name)
        .chain(load_handwritten(&spec).iter().map(|h| &h.name))
    {
        assert!(names.insert(name.clone()), "duplicate case name {name}");
    }
    for protocol in PROTOCOLS {
        let expected: BTreeSet<String> = cases
            .iter()
            .filter(|c| c.protocols.contains(&protocol))
            .map(|c| format!("{}.hex", c.name))
            .collect();
        let dir = vectors_dir().join(protocol.name());
        let found: BTreeSet<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{dir:?}: {e}"))
            .map(|entry| {
                entry
                    .expect("directory entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        let missing: Vec<_> = expected.difference(&found).collect();
        let stale: Vec<_> = found.difference(&expected).collect();
        assert!(
            missing.is_empty() && stale.is_empty(),
            "{}: vectors missing for cases {missing:?}; files without a case {stale:?}; \
             run python3 runtime/tests/vectors/generate.py",
            protocol.name()
        );
    }
}
