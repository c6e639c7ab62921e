//! [`TraceParent`]: the W3C Trace Context `traceparent` value
//! (<https://www.w3.org/TR/trace-context/>), version `00`.

use std::fmt;

/// Which trace a call belongs to and which span made it: the W3C
/// `traceparent` header, `00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>`.
///
/// A server reads it off a call, makes it the parent of the call's tracing
/// span, and hands its own span id on to the calls the handler makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TraceParent {
    /// The trace's id: never zero.
    pub trace_id: u128,
    /// The id of the span that made the call: never zero.
    pub parent_id: u64,
    /// Trace flags; bit 0 is "sampled".
    pub flags: u8,
}

/// Why a `traceparent` value was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid traceparent {value:?}: {reason}")]
pub struct TraceParentError {
    value: String,
    reason: &'static str,
}

impl TraceParent {
    /// The start of a new trace: random trace and span ids, sampled.
    pub fn new_root() -> Self {
        TraceParent {
            trace_id: nonzero_u128(),
            parent_id: new_span_id(),
            flags: 1,
        }
    }

    /// The same trace, with `span_id` as the parent of what comes next.
    #[inline]
    pub fn child(self, span_id: u64) -> Self {
        TraceParent {
            parent_id: span_id,
            ..self
        }
    }

    /// The trace id as 32 lowercase hex digits.
    pub fn trace_id_hex(&self) -> String {
        format!("{:032x}", self.trace_id)
    }

    /// The parent id as 16 lowercase hex digits.
    pub fn parent_id_hex(&self) -> String {
        format!("{:016x}", self.parent_id)
    }

    /// Parses a `traceparent` value. Versions other than `00` are read as
    /// `00` when their first four fields are well formed, as the
    /// specification asks; `ff`, zero ids and malformed fields are errors.
    pub fn parse(value: &str) -> Result<Self, TraceParentError> {
        let error = |reason| TraceParentError {
            value: value.chars().take(64).collect(),
            reason,
        };
        let mut fields = value.trim().split('-');
        let (Some(version), Some(trace), Some(parent), Some(flags)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(error("expected four fields separated by '-'"));
        };
        let version = hex_field(version, 2).ok_or_else(|| error("bad version"))?;
        if version == 0xff {
            return Err(error("version ff is invalid"));
        }
        if version == 0 && fields.next().is_some() {
            return Err(error("version 00 has exactly four fields"));
        }
        let trace_id = hex_field(trace, 32).ok_or_else(|| error("bad trace id"))?;
        let parent_id = hex_field(parent, 16).ok_or_else(|| error("bad parent id"))?;
        let flags = hex_field(flags, 2).ok_or_else(|| error("bad flags"))?;
        if trace_id == 0 {
            return Err(error("the trace id is zero"));
        }
        if parent_id == 0 {
            return Err(error("the parent id is zero"));
        }
        Ok(TraceParent {
            trace_id,
            parent_id: parent_id as u64,
            flags: flags as u8,
        })
    }
}

impl fmt::Display for TraceParent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "00-{:032x}-{:016x}-{:02x}",
            self.trace_id, self.parent_id, self.flags
        )
    }
}

impl std::str::FromStr for TraceParent {
    type Err = TraceParentError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        TraceParent::parse(value)
    }
}

/// A random span id, never zero.
pub(crate) fn new_span_id() -> u64 {
    loop {
        let id = fastrand::u64(..);
        if id != 0 {
            return id;
        }
    }
}

fn nonzero_u128() -> u128 {
    loop {
        let id = fastrand::u128(..);
        if id != 0 {
            return id;
        }
    }
}

/// `text` as a number if it is exactly `digits` lowercase hex digits.
fn hex_field(text: &str, digits: usize) -> Option<u128> {
    if text.len() != digits
        || !text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return None;
    }
    u128::from_str_radix(text, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::TraceParent;

    #[test]
    fn reads_and_writes_the_specifications_example() {
        let text = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        let parsed = TraceParent::parse(text).unwrap();
        assert_eq!(parsed.trace_id, 0x4bf92f3577b34da6a3ce929d0e0e4736);
        assert_eq!(parsed.parent_id, 0x00f067aa0ba902b7);
        assert_eq!(parsed.flags, 1);
        assert_eq!(parsed.to_string(), text);
        assert_eq!(parsed.parent_id_hex(), "00f067aa0ba902b7");
    }

    #[test]
    fn refuses_what_the_specification_refuses() {
        for bad in [
            "",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "0x-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        ] {
            assert!(TraceParent::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn a_later_version_is_read_by_its_first_four_fields() {
        let text = "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-comes-later";
        assert!(TraceParent::parse(text).is_ok());
    }

    #[test]
    fn a_new_root_has_nonzero_ids_and_round_trips() {
        let root = TraceParent::new_root();
        assert_ne!(root.trace_id, 0);
        assert_ne!(root.parent_id, 0);
        assert_eq!(TraceParent::parse(&root.to_string()), Ok(root));
        let child = root.child(7);
        assert_eq!((child.trace_id, child.parent_id), (root.trace_id, 7));
    }
}
