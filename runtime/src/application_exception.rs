//! `TApplicationException`: the error a server sends (as an `Exception`
//! message) when a call fails outside the IDL's declared exceptions.
//!
//! On the wire it is Apache's struct `{1: string message, 2: i32 type}`;
//! unknown fields are skipped and unknown type codes are kept, so any peer's
//! exception survives a decode and re-encode unchanged.

use std::fmt;

use crate::codec::{Decode, Encode, WireType};
use crate::protocol::{ProtocolReader, ProtocolResult, ProtocolWriter, TType, skip};

/// Why a call failed, as Apache's `TApplicationException` type codes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApplicationExceptionKind {
    /// 0: a generic failure (e.g. an undeclared handler error in C++ or Rust).
    Unknown,
    /// 1: the server has no such method.
    UnknownMethod,
    /// 2: the reply had a message type other than reply or exception.
    InvalidMessageType,
    /// 3: the reply names a different method than the call.
    WrongMethodName,
    /// 4: the reply's sequence id does not match the call's.
    BadSequenceId,
    /// 5: the reply carried neither a result nor a declared exception.
    MissingResult,
    /// 6: the handler failed with an undeclared error.
    InternalError,
    /// 7: the server could not decode the call.
    ProtocolError,
    /// 8: THeader: unknown transform.
    InvalidTransform,
    /// 9: THeader: unsupported protocol.
    InvalidProtocol,
    /// 10: THeader: client type not allowed.
    UnsupportedClientType,
    /// A code this library does not know, kept as sent.
    Other(i32),
}

impl ApplicationExceptionKind {
    /// The wire type code.
    pub fn code(self) -> i32 {
        match self {
            ApplicationExceptionKind::Unknown => 0,
            ApplicationExceptionKind::UnknownMethod => 1,
            ApplicationExceptionKind::InvalidMessageType => 2,
            ApplicationExceptionKind::WrongMethodName => 3,
            ApplicationExceptionKind::BadSequenceId => 4,
            ApplicationExceptionKind::MissingResult => 5,
            ApplicationExceptionKind::InternalError => 6,
            ApplicationExceptionKind::ProtocolError => 7,
            ApplicationExceptionKind::InvalidTransform => 8,
            ApplicationExceptionKind::InvalidProtocol => 9,
            ApplicationExceptionKind::UnsupportedClientType => 10,
            ApplicationExceptionKind::Other(code) => code,
        }
    }

    /// The kind of a wire type code; unknown codes become [`Self::Other`].
    pub fn from_code(code: i32) -> Self {
        match code {
            0 => ApplicationExceptionKind::Unknown,
            1 => ApplicationExceptionKind::UnknownMethod,
            2 => ApplicationExceptionKind::InvalidMessageType,
            3 => ApplicationExceptionKind::WrongMethodName,
            4 => ApplicationExceptionKind::BadSequenceId,
            5 => ApplicationExceptionKind::MissingResult,
            6 => ApplicationExceptionKind::InternalError,
            7 => ApplicationExceptionKind::ProtocolError,
            8 => ApplicationExceptionKind::InvalidTransform,
            9 => ApplicationExceptionKind::InvalidProtocol,
            10 => ApplicationExceptionKind::UnsupportedClientType,
            other => ApplicationExceptionKind::Other(other),
        }
    }

    /// Apache's default description of the kind, used when the message is
    /// empty.
    pub fn description(self) -> &'static str {
        match self {
            ApplicationExceptionKind::UnknownMethod => "Unknown method",
            ApplicationExceptionKind::InvalidMessageType => "Invalid message type",
            ApplicationExceptionKind::WrongMethodName => "Wrong method name",
            ApplicationExceptionKind::BadSequenceId => "Bad sequence ID",
            ApplicationExceptionKind::MissingResult => "Missing result",
            ApplicationExceptionKind::InternalError => "Internal error",
            ApplicationExceptionKind::ProtocolError => "Protocol error",
            ApplicationExceptionKind::InvalidTransform => "Invalid transform",
            ApplicationExceptionKind::InvalidProtocol => "Invalid protocol",
            ApplicationExceptionKind::UnsupportedClientType => "Unsupported client type",
            ApplicationExceptionKind::Unknown | ApplicationExceptionKind::Other(_) => {
                "Default (unknown) TApplicationException"
            }
        }
    }
}

/// Apache Thrift's `TApplicationException`: a type code and a message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ApplicationException {
    /// The type code.
    pub kind: ApplicationExceptionKind,
    /// The human-readable message (may be empty).
    pub message: String,
}

impl ApplicationException {
    /// An exception of `kind` with `message`.
    pub fn new(kind: ApplicationExceptionKind, message: impl Into<String>) -> Self {
        ApplicationException {
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for ApplicationException {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message.is_empty() {
            f.write_str(self.kind.description())
        } else {
            f.write_str(&self.message)
        }
    }
}

impl std::error::Error for ApplicationException {}

impl WireType for ApplicationException {
    const TTYPE: TType = TType::Struct;
}

impl Encode for ApplicationException {
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        writer.write_struct_begin("TApplicationException")?;
        writer.write_field_begin("message", TType::String, 1)?;
        writer.write_string(&self.message)?;
        writer.write_field_end()?;
        writer.write_field_begin("type", TType::I32, 2)?;
        writer.write_i32(self.kind.code())?;
        writer.write_field_end()?;
        writer.write_field_stop()?;
        writer.write_struct_end()
    }
}

impl Decode for ApplicationException {
    /// Reads the struct as Apache does: a missing message is empty, a missing
    /// type is [`ApplicationExceptionKind::Unknown`], fields of an unexpected
    /// type or id are skipped.
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        let mut message = String::new();
        let mut kind = ApplicationExceptionKind::Unknown;
        reader.read_struct_begin()?;
        loop {
            let field = reader.read_field_begin()?;
            match (field.id, field.ttype) {
                (_, TType::Stop) => break,
                (1, TType::String) => message = reader.read_string()?,
                (2, TType::I32) => kind = ApplicationExceptionKind::from_code(reader.read_i32()?),
                (_, other) => skip(reader, other)?,
            }
            reader.read_field_end()?;
        }
        reader.read_struct_end()?;
        Ok(ApplicationException { kind, message })
    }
}
