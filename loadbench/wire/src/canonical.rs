//! A canonical form of Binary-protocol values, for comparing replies.
//!
//! Servers may write map entries in any order (volo's maps are hash maps), so a
//! reply is compared after rewriting it with every map's entries sorted by
//! their encoded bytes. Everything else is copied as is.

use crate::ttype;

/// Why a reply failed its check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckError {
    /// The reply ended inside a value.
    Truncated,
    /// Not a strict version-1 message header, or not a REPLY/EXCEPTION.
    BadHeader,
    /// The server answered with a TApplicationException (seqid attached).
    Exception(i32),
    /// The reply names another method.
    WrongMethod(i32),
    /// The result struct differs from the expected one.
    WrongPayload(i32),
    /// An unknown type code or a nesting deeper than the benchmark uses.
    Malformed,
}

const MAX_DEPTH: usize = 16;

/// Appends the canonical form of the struct at the start of `input` to `out`
/// and returns how many bytes of `input` it spans.
pub fn canonicalize_struct(input: &[u8], out: &mut Vec<u8>) -> Result<usize, CheckError> {
    let mut reader = Reader { input, at: 0 };
    value(&mut reader, ttype::STRUCT, out, 0)?;
    Ok(reader.at)
}

struct Reader<'a> {
    input: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Result<&'a [u8], CheckError> {
        let end = self.at.checked_add(len).ok_or(CheckError::Truncated)?;
        let bytes = self.input.get(self.at..end).ok_or(CheckError::Truncated)?;
        self.at = end;
        Ok(bytes)
    }

    fn byte(&mut self) -> Result<u8, CheckError> {
        Ok(self.take(1)?[0])
    }

    fn len(&mut self) -> Result<usize, CheckError> {
        let four = self.take(4)?;
        let len = i32::from_be_bytes([four[0], four[1], four[2], four[3]]);
        usize::try_from(len).map_err(|_| CheckError::Malformed)
    }
}

fn value(
    reader: &mut Reader<'_>,
    type_code: u8,
    out: &mut Vec<u8>,
    depth: usize,
) -> Result<(), CheckError> {
    if depth > MAX_DEPTH {
        return Err(CheckError::Malformed);
    }
    let fixed = match type_code {
        ttype::BOOL | ttype::BYTE => Some(1),
        ttype::I16 => Some(2),
        ttype::I32 => Some(4),
        ttype::I64 | ttype::DOUBLE => Some(8),
        ttype::UUID => Some(16),
        _ => None,
    };
    if let Some(width) = fixed {
        out.extend_from_slice(reader.take(width)?);
        return Ok(());
    }
    match type_code {
        ttype::STRING => {
            let len = reader.len()?;
            out.extend_from_slice(&(len as u32).to_be_bytes());
            out.extend_from_slice(reader.take(len)?);
        }
        ttype::STRUCT => loop {
            let field_type = reader.byte()?;
            out.push(field_type);
            if field_type == 0 {
                break;
            }
            out.extend_from_slice(reader.take(2)?);
            value(reader, field_type, out, depth + 1)?;
        },
        ttype::LIST | ttype::SET => {
            let element = reader.byte()?;
            let count = reader.len()?;
            out.push(element);
            out.extend_from_slice(&(count as u32).to_be_bytes());
            for _ in 0..count {
                value(reader, element, out, depth + 1)?;
            }
        }
        ttype::MAP => {
            let key = reader.byte()?;
            let val = reader.byte()?;
            let count = reader.len()?;
            out.push(key);
            out.push(val);
            out.extend_from_slice(&(count as u32).to_be_bytes());
            // Each entry is canonicalized on its own, then the entries are
            // sorted by their canonical bytes.
            let mut entries: Vec<Vec<u8>> = Vec::with_capacity(count.min(1024));
            for _ in 0..count {
                let mut entry = Vec::new();
                value(reader, key, &mut entry, depth + 1)?;
                value(reader, val, &mut entry, depth + 1)?;
                entries.push(entry);
            }
            entries.sort_unstable();
            for entry in entries {
                out.extend_from_slice(&entry);
            }
        }
        _ => return Err(CheckError::Malformed),
    }
    Ok(())
}
