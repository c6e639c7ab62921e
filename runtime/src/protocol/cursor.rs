//! The bounds-checked read position over one in-memory frame that every
//! protocol reader is built on, plus the limit and depth bookkeeping they share.
//!
//! All reads go through `&[u8]` slice operations on the frame, so each read is
//! one bounds check; nothing here can panic on input.

use bytes::Bytes;

use super::{Limits, ProtocolError, ProtocolErrorKind, ProtocolResult};

/// A read position in a frame, the reader's limits and its nesting depth.
#[derive(Debug, Clone)]
pub(crate) struct Cursor {
    frame: Bytes,
    pos: usize,
    pub(crate) limits: Limits,
    depth: u16,
}

impl Cursor {
    /// A cursor at the start of `frame`.
    pub(crate) fn new(frame: Bytes, limits: Limits) -> Self {
        Cursor {
            frame,
            pos: 0,
            limits,
            depth: 0,
        }
    }

    /// Bytes not consumed yet.
    #[inline]
    pub(crate) fn remaining(&self) -> usize {
        self.frame.len().saturating_sub(self.pos)
    }

    /// The unread part of the frame.
    #[inline]
    pub(crate) fn rest(&self) -> &[u8] {
        self.frame.get(self.pos..).unwrap_or_default()
    }

    /// Consumes `n` bytes that the caller has already inspected through
    /// [`Cursor::rest`]; `n` must not exceed [`Cursor::remaining`].
    #[inline]
    pub(crate) fn advance(&mut self, n: usize) {
        self.pos = self.pos.saturating_add(n).min(self.frame.len());
    }

    /// The whole frame's length, for the message size limit.
    pub(crate) fn frame_len(&self) -> usize {
        self.frame.len()
    }

    /// Reads exactly `N` bytes.
    #[inline]
    pub(crate) fn take_array<const N: usize>(&mut self, what: &str) -> ProtocolResult<[u8; N]> {
        let end = self.pos.wrapping_add(N);
        match self.frame.get(self.pos..end) {
            Some(bytes) => {
                let mut out = [0u8; N];
                out.copy_from_slice(bytes);
                self.pos = end;
                Ok(out)
            }
            None => Err(ProtocolError::eof(what)),
        }
    }

    /// Reads one byte.
    #[inline]
    pub(crate) fn take_u8(&mut self, what: &str) -> ProtocolResult<u8> {
        match self.frame.get(self.pos) {
            Some(&byte) => {
                self.pos += 1;
                Ok(byte)
            }
            None => Err(ProtocolError::eof(what)),
        }
    }

    /// Reads `len` bytes as a borrowed slice. The caller has checked `len`
    /// against the limits.
    #[inline]
    pub(crate) fn take_slice(&mut self, len: usize, what: &str) -> ProtocolResult<&[u8]> {
        let start = self.pos;
        let end = start
            .checked_add(len)
            .ok_or_else(|| ProtocolError::eof(what))?;
        match self.frame.get(start..end) {
            Some(bytes) => {
                self.pos = end;
                Ok(bytes)
            }
            None => Err(ProtocolError::eof(what)),
        }
    }

    /// Reads `len` bytes as a zero-copy slice of the frame.
    #[inline]
    pub(crate) fn take_bytes(&mut self, len: usize, what: &str) -> ProtocolResult<Bytes> {
        let start = self.pos;
        match start.checked_add(len) {
            Some(end) if end <= self.frame.len() => {
                self.pos = end;
                Ok(self.frame.slice(start..end))
            }
            _ => Err(ProtocolError::eof(what)),
        }
    }

    /// Reads a UTF-8 string of a declared length `len` (already known to be
    /// non-negative), checking it against the limit and the bytes left as
    /// [`Cursor::check_string_len`] does, with one bounds check.
    #[inline]
    pub(crate) fn take_string(&mut self, len: usize) -> ProtocolResult<String> {
        let start = self.pos;
        let bytes = match start.checked_add(len) {
            Some(end) if len <= self.limits.max_string_len => self.frame.get(start..end),
            _ => None,
        };
        let Some(bytes) = bytes else {
            return Err(self.string_len_error(len));
        };
        let text = if bytes.is_ascii() {
            // Most Thrift strings are short ASCII: a word-at-a-time high-bit
            // test then one copy took fewer instructions than
            // `str::from_utf8` plus `to_owned` on the benchmark's strings.
            let owned = bytes.to_vec();
            // SAFETY: `is_ascii` has just checked that every byte is below
            // 0x80, and ASCII bytes are valid UTF-8.
            #[allow(unsafe_code)]
            unsafe {
                String::from_utf8_unchecked(owned)
            }
        } else {
            match std::str::from_utf8(bytes) {
                Ok(text) => text.to_owned(),
                Err(err) => return Err(invalid_utf8(err)),
            }
        };
        self.pos = start + len;
        Ok(text)
    }

    /// Checks a declared string or binary length (already known to be
    /// non-negative) against the limit and the bytes left.
    #[inline]
    pub(crate) fn check_string_len(&self, len: usize) -> ProtocolResult<()> {
        if len <= self.limits.max_string_len && len <= self.remaining() {
            Ok(())
        } else {
            Err(self.string_len_error(len))
        }
    }

    #[cold]
    fn string_len_error(&self, len: usize) -> ProtocolError {
        if len > self.limits.max_string_len {
            ProtocolError::new(
                ProtocolErrorKind::SizeLimit,
                format!(
                    "string length {len} exceeds the limit of {}",
                    self.limits.max_string_len
                ),
            )
        } else {
            ProtocolError::new(
                ProtocolErrorKind::SizeLimit,
                format!(
                    "string length {len} exceeds the {} bytes left",
                    self.remaining()
                ),
            )
        }
    }

    /// Checks a declared container element count against the limit and
    /// against the bytes left, given the smallest encoding of one element.
    #[inline]
    pub(crate) fn check_container_len(
        &self,
        len: usize,
        min_elem_size: usize,
    ) -> ProtocolResult<()> {
        let needed = len.checked_mul(min_elem_size.max(1));
        match needed {
            Some(needed) if len <= self.limits.max_container_len && needed <= self.remaining() => {
                Ok(())
            }
            _ => Err(self.container_len_error(len, min_elem_size)),
        }
    }

    #[cold]
    fn container_len_error(&self, len: usize, min_elem_size: usize) -> ProtocolError {
        let message = if len > self.limits.max_container_len {
            format!(
                "container of {len} elements exceeds the limit of {}",
                self.limits.max_container_len
            )
        } else {
            format!(
                "container of {len} elements of at least {min_elem_size} bytes each cannot fit in the {} bytes left",
                self.remaining()
            )
        };
        ProtocolError::new(ProtocolErrorKind::SizeLimit, message)
    }

    /// Checks the frame against the message size limit.
    pub(crate) fn check_message_size(&self) -> ProtocolResult<()> {
        if self.frame_len() <= self.limits.max_message_size {
            Ok(())
        } else {
            Err(ProtocolError::new(
                ProtocolErrorKind::SizeLimit,
                format!(
                    "message of {} bytes exceeds the limit of {}",
                    self.frame_len(),
                    self.limits.max_message_size
                ),
            ))
        }
    }

    /// Enters one level of struct or container nesting.
    #[inline]
    pub(crate) fn enter(&mut self) -> ProtocolResult<()> {
        if self.depth < self.limits.depth_limit() {
            self.depth += 1;
            Ok(())
        } else {
            Err(depth_error(self.limits.depth_limit()))
        }
    }

    /// Leaves one level of nesting.
    #[inline]
    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}

#[cold]
fn depth_error(limit: u16) -> ProtocolError {
    ProtocolError::new(
        ProtocolErrorKind::DepthLimit,
        format!("structs and containers nest deeper than {limit} levels"),
    )
}

#[cold]
fn invalid_utf8(err: std::str::Utf8Error) -> ProtocolError {
    ProtocolError::invalid(format!("string is not valid UTF-8: {err}"))
}

/// Converts a signed wire length to `usize`, rejecting negative values.
#[inline]
pub(crate) fn non_negative(len: i32, what: &str) -> ProtocolResult<usize> {
    usize::try_from(len).map_err(|_| negative_size(len, what))
}

#[cold]
fn negative_size(len: i32, what: &str) -> ProtocolError {
    ProtocolError::new(
        ProtocolErrorKind::NegativeSize,
        format!("{what} length {len} is negative"),
    )
}

/// Converts a length to the `i32` the wire carries, for writers.
#[inline]
pub(crate) fn wire_len(len: usize, what: &str) -> ProtocolResult<i32> {
    i32::try_from(len).map_err(|_| {
        ProtocolError::new(
            ProtocolErrorKind::SizeLimit,
            format!("{what} length {len} does not fit in an i32"),
        )
    })
}
