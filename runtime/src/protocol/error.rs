//! The typed error every protocol reader and writer returns.
//!
//! Errors are boxed so that `Result<T, ProtocolError>` stays one pointer wide on
//! the hot decode path; the payload is only built when something goes wrong.

use std::fmt;

/// What went wrong while encoding or decoding a Thrift value.
///
/// The variants follow Apache Thrift's `TProtocolException` type codes where one
/// exists, so a trift error can be reported to any peer in its own terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProtocolErrorKind {
    /// The bytes are not a valid encoding (bad UTF-8, bad varint, bad JSON, a
    /// wrong element type, an unknown message type, ...).
    InvalidData,
    /// A length or element count on the wire is negative.
    NegativeSize,
    /// A length, element count or message is larger than a configured limit or
    /// than the bytes actually present.
    SizeLimit,
    /// Structs and containers nest deeper than the configured recursion limit.
    DepthLimit,
    /// A message header carries an unknown protocol id or version.
    BadVersion,
    /// The input ended in the middle of a value.
    UnexpectedEof,
    /// A type id on the wire is not a known Thrift type.
    UnknownType,
    /// The operation is not supported by this protocol (e.g. reading
    /// TSimpleJSONProtocol, which is write-only).
    NotImplemented,
    /// A required field was missing, or a union had more than one field set.
    MissingOrExtraField,
}

impl ProtocolErrorKind {
    /// Apache Thrift's `TProtocolException` type code for this kind.
    pub fn apache_code(self) -> i32 {
        match self {
            ProtocolErrorKind::InvalidData | ProtocolErrorKind::MissingOrExtraField => 1,
            ProtocolErrorKind::NegativeSize => 2,
            ProtocolErrorKind::SizeLimit => 3,
            ProtocolErrorKind::BadVersion => 4,
            ProtocolErrorKind::NotImplemented => 5,
            ProtocolErrorKind::DepthLimit => 6,
            ProtocolErrorKind::UnexpectedEof | ProtocolErrorKind::UnknownType => 0,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            ProtocolErrorKind::InvalidData => "invalid data",
            ProtocolErrorKind::NegativeSize => "negative size",
            ProtocolErrorKind::SizeLimit => "size limit exceeded",
            ProtocolErrorKind::DepthLimit => "recursion depth limit exceeded",
            ProtocolErrorKind::BadVersion => "bad protocol version",
            ProtocolErrorKind::UnexpectedEof => "unexpected end of input",
            ProtocolErrorKind::UnknownType => "unknown type id",
            ProtocolErrorKind::NotImplemented => "not implemented",
            ProtocolErrorKind::MissingOrExtraField => "missing or extra field",
        }
    }
}

/// A protocol-level encode or decode error: a [`ProtocolErrorKind`] plus a
/// human-readable context ("string length 2147483647 exceeds the 12 bytes left").
#[derive(Clone, PartialEq, Eq)]
pub struct ProtocolError(Box<Inner>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    kind: ProtocolErrorKind,
    message: String,
}

impl ProtocolError {
    /// Creates an error of `kind` with a message saying what was found.
    #[cold]
    pub fn new(kind: ProtocolErrorKind, message: impl Into<String>) -> Self {
        ProtocolError(Box::new(Inner {
            kind,
            message: message.into(),
        }))
    }

    /// The kind of error.
    pub fn kind(&self) -> ProtocolErrorKind {
        self.0.kind
    }

    /// The context message, without the kind.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// Shorthand for an [`ProtocolErrorKind::UnexpectedEof`] error.
    #[cold]
    pub fn eof(what: &str) -> Self {
        Self::new(
            ProtocolErrorKind::UnexpectedEof,
            format!("input ended while reading {what}"),
        )
    }

    /// Shorthand for an [`ProtocolErrorKind::InvalidData`] error.
    #[cold]
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ProtocolErrorKind::InvalidData, message)
    }
}

impl fmt::Debug for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProtocolError")
            .field("kind", &self.0.kind)
            .field("message", &self.0.message)
            .finish()
    }
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.message.is_empty() {
            f.write_str(self.0.kind.describe())
        } else {
            write!(f, "{}: {}", self.0.kind.describe(), self.0.message)
        }
    }
}

impl std::error::Error for ProtocolError {}

/// The result type of every protocol operation.
pub type ProtocolResult<T> = Result<T, ProtocolError>;
