//! Binds each trift protocol to the fuzz oracle's [`FuzzProtocol`] trait: one
//! marker type per fuzz target.

use trift::Bytes;
use trift::protocol::{
    BinaryReader, BinaryWriter, CompactReader, CompactWriter, JsonReader, JsonWriter,
};

use super::oracle::FuzzProtocol;

/// The binary protocol (`binary_reader` target).
pub struct Binary;

impl FuzzProtocol for Binary {
    type Reader = BinaryReader;
    type Writer<'a> = BinaryWriter<&'a mut Vec<u8>>;
    const TEXT_STRINGS: bool = false;

    fn reader(frame: Bytes) -> BinaryReader {
        BinaryReader::new(frame)
    }

    fn writer(out: &mut Vec<u8>) -> BinaryWriter<&mut Vec<u8>> {
        BinaryWriter::new(out)
    }
}

/// The compact protocol (`compact_reader` target).
pub struct Compact;

impl FuzzProtocol for Compact {
    type Reader = CompactReader;
    type Writer<'a> = CompactWriter<&'a mut Vec<u8>>;
    const TEXT_STRINGS: bool = false;

    fn reader(frame: Bytes) -> CompactReader {
        CompactReader::new(frame)
    }

    fn writer(out: &mut Vec<u8>) -> CompactWriter<&mut Vec<u8>> {
        CompactWriter::new(out)
    }
}

/// Apache's TJSONProtocol (`json_reader` target).
pub struct Json;

impl FuzzProtocol for Json {
    type Reader = JsonReader;
    type Writer<'a> = JsonWriter<&'a mut Vec<u8>>;
    const TEXT_STRINGS: bool = true;

    fn reader(frame: Bytes) -> JsonReader {
        JsonReader::new(frame)
    }

    fn writer(out: &mut Vec<u8>) -> JsonWriter<&mut Vec<u8>> {
        JsonWriter::new(out)
    }
}
