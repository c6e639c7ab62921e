//! One adapter per protocol, so generic tests can build its writer and reader
//! and know its hostile inputs. Adding a protocol to every test is one
//! `impl TestProtocol` here plus one `Name => module` entry per test file.

use bytes::Bytes;
use trift::protocol::{
    BinaryReader, BinaryWriter, CompactReader, CompactWriter, JsonReader, JsonWriter, Limits,
    ProtocolReader, ProtocolWriter,
};

/// What the generic tests need from a protocol.
pub trait TestProtocol {
    /// The protocol's writer over a `Vec<u8>`.
    type Writer: ProtocolWriter;
    /// The protocol's reader.
    type Reader: ProtocolReader;

    /// A fresh writer.
    fn writer() -> Self::Writer;
    /// The bytes written.
    fn finish(writer: Self::Writer) -> Bytes;
    /// A reader with the given limits.
    fn reader(frame: Bytes, limits: Limits) -> Self::Reader;
    /// A tiny frame (a few bytes) that declares a string of about 2 GiB.
    fn huge_string() -> Bytes;
    /// A tiny frame that declares a list of 2^31 - 1 `i32`s.
    fn huge_list() -> Bytes;
    /// A frame that declares a list of `len` structs followed by `body`.
    fn struct_list(len: u32, body: &[u8]) -> Bytes;
}

/// The binary protocol.
pub struct Binary;

impl TestProtocol for Binary {
    type Writer = BinaryWriter<Vec<u8>>;
    type Reader = BinaryReader;

    fn writer() -> Self::Writer {
        BinaryWriter::new(Vec::new())
    }
    fn finish(writer: Self::Writer) -> Bytes {
        Bytes::from(writer.into_inner())
    }
    fn reader(frame: Bytes, limits: Limits) -> Self::Reader {
        BinaryReader::with_limits(frame, limits)
    }
    fn huge_string() -> Bytes {
        Bytes::from_static(&[0x7f, 0xff, 0xff, 0xff])
    }
    fn huge_list() -> Bytes {
        Bytes::from_static(&[0x08, 0x7f, 0xff, 0xff, 0xff])
    }
    fn struct_list(len: u32, body: &[u8]) -> Bytes {
        let mut frame = vec![0x0c];
        frame.extend_from_slice(&len.to_be_bytes());
        frame.extend_from_slice(body);
        Bytes::from(frame)
    }
}

/// The compact protocol.
pub struct Compact;

/// A compact unsigned varint.
fn varint(mut value: u32) -> Vec<u8> {
    let mut out = Vec::new();
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
    out
}

impl TestProtocol for Compact {
    type Writer = CompactWriter<Vec<u8>>;
    type Reader = CompactReader;

    fn writer() -> Self::Writer {
        CompactWriter::new(Vec::new())
    }
    fn finish(writer: Self::Writer) -> Bytes {
        Bytes::from(writer.into_inner())
    }
    fn reader(frame: Bytes, limits: Limits) -> Self::Reader {
        CompactReader::with_limits(frame, limits)
    }
    fn huge_string() -> Bytes {
        Bytes::from(varint(0x7fff_ffff))
    }
    fn huge_list() -> Bytes {
        let mut frame = vec![0xf5];
        frame.extend(varint(0x7fff_ffff));
        Bytes::from(frame)
    }
    fn struct_list(len: u32, body: &[u8]) -> Bytes {
        let mut frame = vec![0xfc];
        frame.extend(varint(len));
        frame.extend_from_slice(body);
        Bytes::from(frame)
    }
}

/// Apache's TJSONProtocol. JSON declares no string lengths, so its "huge
/// string" is just an unterminated one, and the tests built on declared
/// string lengths or on bare top-level scalars (which JSON, like Apache,
/// writes without separators) are not run for it.
pub struct Json;

impl TestProtocol for Json {
    type Writer = JsonWriter<Vec<u8>>;
    type Reader = JsonReader;

    fn writer() -> Self::Writer {
        JsonWriter::new(Vec::new())
    }
    fn finish(writer: Self::Writer) -> Bytes {
        Bytes::from(writer.into_inner())
    }
    fn reader(frame: Bytes, limits: Limits) -> Self::Reader {
        JsonReader::with_limits(frame, limits)
    }
    fn huge_string() -> Bytes {
        Bytes::from_static(b"\"AAAA")
    }
    fn huge_list() -> Bytes {
        Bytes::from_static(b"[\"i32\",2147483647]")
    }
    fn struct_list(len: u32, body: &[u8]) -> Bytes {
        let mut frame = format!("[\"rec\",{len},").into_bytes();
        frame.extend_from_slice(body);
        Bytes::from(frame)
    }
}
