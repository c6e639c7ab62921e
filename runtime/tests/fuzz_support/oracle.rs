//! The checks every fuzz target runs on one input, shared by the cargo-fuzz
//! targets (`fuzz/`) and by the regression test that replays found inputs in
//! CI (`runtime/tests/fuzz_regressions.rs`), which include this file by path.
//!
//! For each protocol the input is one frame, decoded twice from scratch:
//!
//! (a) a message header, then the message's struct as the generic value tree
//!     (`runtime/tests/support/value.rs`, read by wire type alone);
//!     the same struct must also be skippable by `trift::protocol::skip`,
//!     consuming exactly as many bytes as the full decode did;
//! (b) the realistic generated-like `Order` struct through `Decode` (and,
//!     the same way, `TApplicationException`).
//!
//! Whatever decodes is encoded again and decoded again: the second decode
//! must equal the first (NaN counts as equal to NaN), and encoding that second
//! value must give the very same bytes (a canonical encoding is a fixpoint).
//! Errors are fine; panics, hangs and oracle violations are the bugs.

use trift::protocol::{MessageHeader, ProtocolReader, ProtocolResult, ProtocolWriter, TType, skip};
use trift::{ApplicationException, Bytes, Decode, Encode};

use super::realistic::Order;
use super::value::Value;

/// One protocol as the oracle drives it.
pub trait FuzzProtocol {
    /// The protocol's frame reader.
    type Reader: ProtocolReader;
    /// The protocol's writer appending to a `Vec<u8>`.
    type Writer<'a>: ProtocolWriter;
    /// Whether strings are read as text (JSON: binary is base64 there, so
    /// reading an arbitrary string as binary would fail) rather than as raw
    /// bytes (binary and compact, where both are the same on the wire).
    const TEXT_STRINGS: bool;
    /// A reader over `frame`.
    fn reader(frame: Bytes) -> Self::Reader;
    /// A writer appending to `out`.
    fn writer(out: &mut Vec<u8>) -> Self::Writer<'_>;
}

/// Whether two decoded values are the same: structural equality where NaN
/// equals NaN (and `0.0` equals `-0.0`), and an empty map's key and value
/// types are ignored (compact does not transmit them).
fn same(a: &Value, b: &Value) -> bool {
    fn all_same(a: &[Value], b: &[Value]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
    }
    match (a, b) {
        (Value::Double(a), Value::Double(b)) => a == b || (a.is_nan() && b.is_nan()),
        (Value::Struct(a), Value::Struct(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|((ia, va), (ib, vb))| ia == ib && same(va, vb))
        }
        (Value::List(ta, a), Value::List(tb, b)) | (Value::Set(ta, a), Value::Set(tb, b)) => {
            ta == tb && all_same(a, b)
        }
        (Value::Map(ka, va, a), Value::Map(kb, vb, b)) => {
            (a.is_empty() || (ka == kb && va == vb))
                && a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|((xa, ya), (xb, yb))| same(xa, xb) && same(ya, yb))
        }
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::I8(a), Value::I8(b)) => a == b,
        (Value::I16(a), Value::I16(b)) => a == b,
        (Value::I32(a), Value::I32(b)) => a == b,
        (Value::I64(a), Value::I64(b)) => a == b,
        (Value::Binary(a), Value::Binary(b)) => a == b,
        (Value::String(a), Value::String(b)) => a == b,
        (Value::Uuid(a), Value::Uuid(b)) => a == b,
        _ => false,
    }
}

fn read_message<P: FuzzProtocol>(frame: Bytes) -> ProtocolResult<(MessageHeader, Value, usize)> {
    let mut reader = P::reader(frame);
    let header = reader.read_message_begin()?;
    let body = Value::read(&mut reader, TType::Struct, P::TEXT_STRINGS)?;
    reader.read_message_end()?;
    Ok((header, body, reader.remaining()))
}

fn write_message<P: FuzzProtocol>(header: &MessageHeader, body: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    let mut writer = P::writer(&mut out);
    let written = writer
        .write_message_begin(&header.name, header.kind, header.seqid)
        .and_then(|()| body.write(&mut writer))
        .and_then(|()| writer.write_message_end());
    drop(writer);
    if let Err(error) = written {
        panic!("re-encoding a decoded message failed: {error}");
    }
    out
}

/// Part (a): message header plus generic struct, skip agreement, round trip.
pub fn check_message<P: FuzzProtocol>(data: &[u8]) {
    let frame = Bytes::copy_from_slice(data);
    let Ok((header, body, remaining)) = read_message::<P>(frame.clone()) else {
        return;
    };

    let mut skipper = P::reader(frame);
    let skipped = skipper
        .read_message_begin()
        .and_then(|_| skip(&mut skipper, TType::Struct))
        .and_then(|()| skipper.read_message_end());
    if let Err(error) = skipped {
        panic!("skip failed on a struct that decodes: {error}");
    }
    assert_eq!(
        skipper.remaining(),
        remaining,
        "skip and a full decode consumed different byte counts"
    );

    let encoded = write_message::<P>(&header, &body);
    let (header2, body2, remaining2) = match read_message::<P>(Bytes::from(encoded.clone())) {
        Ok(decoded) => decoded,
        Err(error) => panic!("re-decoding our own encoding failed: {error}"),
    };
    assert_eq!(remaining2, 0, "our own encoding left trailing bytes");
    assert_eq!(header, header2, "message header changed in a round trip");
    assert!(
        same(&body, &body2),
        "value changed in a round trip:\n{body:?}\n{body2:?}"
    );
    assert_eq!(
        write_message::<P>(&header2, &body2),
        encoded,
        "encoding is not a fixpoint"
    );
}

fn encode_value<P: FuzzProtocol, T: Encode>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    if let Err(error) = value.encode(&mut P::writer(&mut out)) {
        panic!("encoding a decoded value failed: {error}");
    }
    out
}

/// Decodes a `T` from `data`; if that works, checks the round trip and the
/// fixpoint with `same` as the value equality.
fn check_round_trip<P: FuzzProtocol, T: Encode + Decode + std::fmt::Debug>(
    data: &[u8],
    same: fn(&T, &T) -> bool,
) {
    let Ok(value) = T::decode(&mut P::reader(Bytes::copy_from_slice(data))) else {
        return;
    };
    let encoded = encode_value::<P, T>(&value);
    let value2 = match T::decode(&mut P::reader(Bytes::from(encoded.clone()))) {
        Ok(decoded) => decoded,
        Err(error) => panic!("re-decoding our own encoding failed: {error}"),
    };
    assert!(
        same(&value, &value2),
        "value changed in a round trip:\n{value:?}\n{value2:?}"
    );
    assert_eq!(
        encode_value::<P, T>(&value2),
        encoded,
        "encoding is not a fixpoint"
    );
}

/// Runs every check on one input: (a) message + generic struct, (b) the
/// realistic `Order`, and `TApplicationException` as a bonus decoder.
pub fn check_all<P: FuzzProtocol>(data: &[u8]) {
    check_message::<P>(data);
    check_round_trip::<P, Order>(data, Order::same_as);
    check_round_trip::<P, ApplicationException>(data, |a, b| a == b);
}
