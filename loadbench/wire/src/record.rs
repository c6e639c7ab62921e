//! The realistic ~1 KiB record, encoded by hand in the Binary protocol.
//!
//! Field for field the `Record` of `idl/bench.thrift`; every server echoes it.

use crate::ttype;

fn field(out: &mut Vec<u8>, type_code: u8, id: i16) {
    out.push(type_code);
    out.extend_from_slice(&id.to_be_bytes());
}

fn string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
    out.extend_from_slice(bytes);
}

/// The tags map, in the order the generator writes it.
const TAGS: [(&str, &str); 8] = [
    ("env", "prod"),
    ("region", "eu-west-1"),
    ("tier", "gold"),
    ("team", "payments"),
    ("lang", "rust"),
    ("zone", "b"),
    ("owner", "ada"),
    ("source", "loadbench"),
];

/// Number of ids in `item_ids`.
const ITEM_COUNT: i64 = 48;
/// Length of the `payload` blob.
const PAYLOAD_LEN: usize = 320;

/// Appends the record's struct encoding (fields and STOP) to `out`.
pub fn encode_record(out: &mut Vec<u8>) {
    field(out, ttype::I64, 1);
    out.extend_from_slice(&1_234_567_890_123i64.to_be_bytes());
    field(out, ttype::I64, 2);
    out.extend_from_slice(&987_654_321i64.to_be_bytes());
    field(out, ttype::STRING, 3);
    string(out, b"Ada Lovelace");
    field(out, ttype::STRING, 4);
    string(out, b"ada.lovelace@example.org");
    field(out, ttype::LIST, 5);
    out.push(ttype::I64);
    out.extend_from_slice(&(ITEM_COUNT as u32).to_be_bytes());
    for index in 0..ITEM_COUNT {
        out.extend_from_slice(&(index * 1_000_003 + 17).to_be_bytes());
    }
    field(out, ttype::MAP, 6);
    out.push(ttype::STRING);
    out.push(ttype::STRING);
    out.extend_from_slice(&(TAGS.len() as u32).to_be_bytes());
    for (key, value) in TAGS {
        string(out, key.as_bytes());
        string(out, value.as_bytes());
    }
    field(out, ttype::STRING, 7);
    let payload: Vec<u8> = (0..PAYLOAD_LEN)
        .map(|index| (index * 7 % 251) as u8)
        .collect();
    string(out, &payload);
    field(out, ttype::STRUCT, 8);
    {
        field(out, ttype::I64, 1);
        out.extend_from_slice(&42i64.to_be_bytes());
        field(out, ttype::STRING, 2);
        string(out, b"Charles Babbage");
        field(out, ttype::BOOL, 3);
        out.push(1);
        out.push(0);
    }
    field(out, ttype::BOOL, 9);
    out.push(1);
    field(out, ttype::BOOL, 10);
    out.push(0);
    field(out, ttype::DOUBLE, 11);
    out.extend_from_slice(&0.875f64.to_bits().to_be_bytes());
    out.push(0);
}
