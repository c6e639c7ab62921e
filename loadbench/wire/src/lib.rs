//! Framed Binary-protocol messages of the load benchmark, encoded by hand.
//!
//! The load generator must not depend on any of the frameworks it measures, so
//! it builds its request bytes here, byte for byte as Apache's strict
//! TBinaryProtocol lays them out, and checks each reply against the expected
//! result. The raw ceiling server takes its canned replies from here too.

mod canonical;
mod record;

pub use canonical::{CheckError, canonicalize_struct};
pub use record::encode_record;

/// Binary-protocol type codes used by the benchmark messages.
pub mod ttype {
    /// bool
    pub const BOOL: u8 = 2;
    /// byte
    pub const BYTE: u8 = 3;
    /// double
    pub const DOUBLE: u8 = 4;
    /// i16
    pub const I16: u8 = 6;
    /// i32
    pub const I32: u8 = 8;
    /// i64
    pub const I64: u8 = 10;
    /// string and binary
    pub const STRING: u8 = 11;
    /// struct
    pub const STRUCT: u8 = 12;
    /// map
    pub const MAP: u8 = 13;
    /// set
    pub const SET: u8 = 14;
    /// list
    pub const LIST: u8 = 15;
    /// uuid
    pub const UUID: u8 = 16;
}

const VERSION_1: u32 = 0x8001_0000;
const CALL: u32 = 1;
const REPLY: u32 = 2;
const EXCEPTION: u32 = 3;

/// Which benchmark message a run sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scenario {
    /// `echo_i32(1: i32 value) -> i32`.
    Small,
    /// `echo_record(1: Record value) -> Record`, about 1 KiB each way.
    Record,
}

impl Scenario {
    /// The name used on the command line and in result files.
    pub fn label(self) -> &'static str {
        match self {
            Scenario::Small => "small",
            Scenario::Record => "record",
        }
    }

    /// Parses a label written by [`Scenario::label`].
    pub fn from_label(label: &str) -> Option<Scenario> {
        match label {
            "small" => Some(Scenario::Small),
            "record" => Some(Scenario::Record),
            _ => None,
        }
    }

    /// The Thrift method name.
    pub fn method(self) -> &'static str {
        match self {
            Scenario::Small => "echo_i32",
            Scenario::Record => "echo_record",
        }
    }

    /// Appends the argument or result payload: one field with `id`, then STOP.
    fn encode_payload_struct(self, field_id: i16, out: &mut Vec<u8>) {
        match self {
            Scenario::Small => {
                out.push(ttype::I32);
                out.extend_from_slice(&field_id.to_be_bytes());
                out.extend_from_slice(&SMALL_VALUE.to_be_bytes());
            }
            Scenario::Record => {
                out.push(ttype::STRUCT);
                out.extend_from_slice(&field_id.to_be_bytes());
                encode_record(out);
            }
        }
        out.push(0);
    }
}

/// The i32 the small scenario sends and expects back.
pub const SMALL_VALUE: i32 = 0x0102_0304;

/// A complete frame (4-byte big-endian length prefix included) and where its
/// seqid sits, so a sender can patch a fresh seqid in without re-encoding.
#[derive(Clone, Debug)]
pub struct FrameTemplate {
    /// The frame bytes, with seqid 0.
    pub bytes: Vec<u8>,
    /// Offset of the 4-byte big-endian seqid inside `bytes`.
    pub seqid_offset: usize,
}

impl FrameTemplate {
    /// Appends this frame to `out` with `seqid` patched in.
    pub fn append_with_seqid(&self, seqid: i32, out: &mut Vec<u8>) {
        let start = out.len();
        out.extend_from_slice(&self.bytes);
        let at = start + self.seqid_offset;
        out[at..at + 4].copy_from_slice(&seqid.to_be_bytes());
    }
}

fn frame(scenario: Scenario, message_type: u32, field_id: i16) -> FrameTemplate {
    let name = scenario.method().as_bytes();
    let mut bytes = Vec::with_capacity(1100);
    bytes.extend_from_slice(&[0; 4]);
    bytes.extend_from_slice(&(VERSION_1 | message_type).to_be_bytes());
    bytes.extend_from_slice(&(name.len() as u32).to_be_bytes());
    bytes.extend_from_slice(name);
    let seqid_offset = bytes.len();
    bytes.extend_from_slice(&0i32.to_be_bytes());
    scenario.encode_payload_struct(field_id, &mut bytes);
    let body_len = (bytes.len() - 4) as u32;
    bytes[..4].copy_from_slice(&body_len.to_be_bytes());
    FrameTemplate {
        bytes,
        seqid_offset,
    }
}

/// The CALL frame of `scenario` (arguments struct, field 1).
pub fn request_frame(scenario: Scenario) -> FrameTemplate {
    frame(scenario, CALL, 1)
}

/// The REPLY frame a correct server answers to `scenario` (result struct, field 0).
pub fn reply_frame(scenario: Scenario) -> FrameTemplate {
    frame(scenario, REPLY, 0)
}

/// What a correct reply to one scenario looks like, prepared once per run.
#[derive(Clone, Debug)]
pub struct ExpectedReply {
    name: Vec<u8>,
    canonical_result: Vec<u8>,
}

impl ExpectedReply {
    /// Prepares the check for `scenario`.
    pub fn new(scenario: Scenario) -> ExpectedReply {
        let mut result = Vec::new();
        scenario.encode_payload_struct(0, &mut result);
        let mut canonical_result = Vec::new();
        let consumed = canonicalize_struct(&result, &mut canonical_result)
            .expect("the benchmark's own result struct is well formed");
        assert_eq!(consumed, result.len());
        ExpectedReply {
            name: scenario.method().as_bytes().to_vec(),
            canonical_result,
        }
    }

    /// Checks one reply frame body (length prefix removed): a strict REPLY for
    /// the expected method whose result struct equals the expected one (map
    /// entries compared in any order). Returns the reply's seqid.
    pub fn check(&self, body: &[u8], scratch: &mut Vec<u8>) -> Result<i32, CheckError> {
        let word = read_u32(body, 0)?;
        if word & 0xffff_0000 != VERSION_1 {
            return Err(CheckError::BadHeader);
        }
        let name_len = read_u32(body, 4)? as usize;
        let name = body.get(8..8 + name_len).ok_or(CheckError::Truncated)?;
        let seqid = read_u32(body, 8 + name_len)? as i32;
        match word & 0xff {
            REPLY => {}
            EXCEPTION => return Err(CheckError::Exception(seqid)),
            _ => return Err(CheckError::BadHeader),
        }
        if name != self.name.as_slice() {
            return Err(CheckError::WrongMethod(seqid));
        }
        let result = &body[12 + name_len..];
        scratch.clear();
        let consumed = canonicalize_struct(result, scratch)?;
        if consumed != result.len() || scratch[..] != self.canonical_result[..] {
            return Err(CheckError::WrongPayload(seqid));
        }
        Ok(seqid)
    }
}

fn read_u32(bytes: &[u8], at: usize) -> Result<u32, CheckError> {
    let four = bytes.get(at..at + 4).ok_or(CheckError::Truncated)?;
    Ok(u32::from_be_bytes([four[0], four[1], four[2], four[3]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_canned_reply_passes_the_check_and_keeps_its_seqid() {
        for scenario in [Scenario::Small, Scenario::Record] {
            let expected = ExpectedReply::new(scenario);
            let mut out = Vec::new();
            reply_frame(scenario).append_with_seqid(77, &mut out);
            let mut scratch = Vec::new();
            assert_eq!(expected.check(&out[4..], &mut scratch), Ok(77));
            // A request is not a reply.
            let mut request = Vec::new();
            request_frame(scenario).append_with_seqid(5, &mut request);
            assert!(expected.check(&request[4..], &mut scratch).is_err());
        }
    }

    #[test]
    fn the_record_request_is_about_one_kib() {
        let len = request_frame(Scenario::Record).bytes.len();
        assert!(
            (950..1100).contains(&len),
            "record request frame is {len} bytes"
        );
    }

    #[test]
    fn a_changed_payload_byte_fails_the_check() {
        let expected = ExpectedReply::new(Scenario::Record);
        let mut out = Vec::new();
        reply_frame(Scenario::Record).append_with_seqid(1, &mut out);
        let last_payload_byte = out.len() - 30;
        out[last_payload_byte] ^= 0x55;
        let mut scratch = Vec::new();
        assert!(expected.check(&out[4..], &mut scratch).is_err());
    }
}
