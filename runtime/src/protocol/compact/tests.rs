//! The hand-rolled varint reader and the zigzag helpers checked against
//! `integer-encoding`.

use bytes::Bytes;
use integer_encoding::VarInt;
use proptest::prelude::*;

use super::{CompactReader, CompactWriter};
use crate::protocol::{ProtocolReader, ProtocolWriter};

fn reader(bytes: &[u8]) -> CompactReader {
    CompactReader::new(Bytes::copy_from_slice(bytes))
}

proptest! {
    #[test]
    fn varint64_reads_what_integer_encoding_writes(value: u64, trailing: Vec<u8>) {
        let mut bytes = value.encode_var_vec();
        let len = bytes.len();
        bytes.extend_from_slice(&trailing);
        let mut r = reader(&bytes);
        prop_assert_eq!(r.read_varint64("test").unwrap(), value);
        prop_assert_eq!(r.remaining(), bytes.len() - len);
    }

    #[test]
    fn varint32_reads_what_integer_encoding_writes(value: u32, trailing: Vec<u8>) {
        let mut bytes = value.encode_var_vec();
        let len = bytes.len();
        bytes.extend_from_slice(&trailing);
        let mut r = reader(&bytes);
        prop_assert_eq!(r.read_varint32("test").unwrap(), value);
        prop_assert_eq!(r.remaining(), bytes.len() - len);
    }

    #[test]
    fn varint_reader_agrees_with_integer_encoding_on_any_bytes(bytes: Vec<u8>) {
        let mut r = reader(&bytes);
        if let Ok(value) = r.read_varint64("test") {
            let (expected, len) = u64::decode_var(&bytes).unwrap();
            prop_assert_eq!(value, expected);
            prop_assert_eq!(r.remaining(), bytes.len() - len);
        }
        let mut r = reader(&bytes);
        if let Ok(value) = r.read_varint32("test") {
            let (expected, len) = u64::decode_var(&bytes).unwrap();
            prop_assert_eq!(u64::from(value), expected);
            prop_assert_eq!(r.remaining(), bytes.len() - len);
        }
    }

    #[test]
    fn zigzag_integers_match_integer_encoding(small: i16, medium: i32, large: i64) {
        let mut writer = CompactWriter::new(Vec::new());
        writer.write_i16(small).unwrap();
        writer.write_i32(medium).unwrap();
        writer.write_i64(large).unwrap();
        let mut expected = small.encode_var_vec();
        expected.extend(medium.encode_var_vec());
        expected.extend(large.encode_var_vec());
        prop_assert_eq!(writer.into_inner(), expected);
    }
}

#[test]
fn varint_width_limits() {
    assert_eq!(
        reader(&[0xff, 0xff, 0xff, 0xff, 0x0f])
            .read_varint32("t")
            .unwrap(),
        u32::MAX
    );
    assert!(
        reader(&[0xff, 0xff, 0xff, 0xff, 0x10])
            .read_varint32("t")
            .is_err()
    );
    let mut max64 = vec![0xff; 9];
    max64.push(0x01);
    assert_eq!(reader(&max64).read_varint64("t").unwrap(), u64::MAX);
    // A redundant zero continuation inside the width is accepted, as Apache
    // does.
    assert_eq!(reader(&[0x81, 0x80, 0x00]).read_varint32("t").unwrap(), 1);
}
