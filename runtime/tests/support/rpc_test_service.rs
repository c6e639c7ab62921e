//! Shape that codegen emits: the code `trift` generates for services, written
//! by hand for `idl/rpc_test.thrift`.
//!
//! This file is the contract between the runtime and the code generator. For
//! every service the generator emits, in this order:
//!
//! 1. a module named after the service in snake case (`base`, `calculator`)
//!    holding, per method `m` (in PascalCase `M`):
//!    - `MArgs`: Apache's `m_args` struct, one public field per argument
//!      with the argument's ids; all arguments are required on decode
//!      (a missing one is a protocol error, answered `PROTOCOL_ERROR`);
//!    - `MResult` (not for oneway methods): Apache's `m_result` struct,
//!      `success: Option<T>` as field 0 (absent for `void`) and one
//!      `Option<E>` per declared exception under its id; at most one is set;
//!    - `MError`: the per-method error enum: one variant per declared
//!      exception (the field name in PascalCase), then `Application`,
//!      `Transport` and `Protocol`, with `From<trift::Error>`;
//!    - `dispatch(handler, request)`: decodes the arguments, calls the
//!      handler and builds the reply, or gives the request back when the
//!      method is not this service's own (so a child service falls back to
//!      its parent's `dispatch`, across includes too);
//! 2. the handler trait `Service: Parent + Send + Sync + 'static` with one
//!    `fn m(&self, args...) -> impl Future<Output = Result<T, MError>> + Send`
//!    per method (implementations may use `async fn`);
//! 3. `ServiceServer<H>`: the dispatcher, a cheap `Clone` tower `Service`
//!    over `trift::ServerRequest`, trying its own methods, then its parents',
//!    then answering `UNKNOWN_METHOD`;
//! 4. `ServiceClient<S = trift::Channel>`: the typed client over any
//!    `trift::client::ClientService`, one method per IDL method returning
//!    `impl Future<Output = Result<T, MError>> + Send + 'static`: the request
//!    is built and the service cloned before the future starts, so the
//!    future borrows nothing (spawnable, and `S` need not be `Sync`); a child
//!    client derefs to its parent's client, so inherited methods are there.
//!    Oneway methods resolve once the request is written.
//!
//! Details the generator reproduces:
//! - a handler's `Err` of a declared exception goes into its `MResult`
//!   field; any other `Err` is sent as a `TApplicationException` by
//!   `MError::into_application_exception` (`Application` as is, `Transport`
//!   and `Protocol` as `INTERNAL_ERROR`);
//! - the client decodes `MResult` with `ClientReply::decode_result` (an
//!   exception reply becomes `MError::Application`) and maps a result with
//!   neither success nor exception to `trift::message::missing_result(name)`
//!   (void methods: to `Ok(())`);
//! - `dispatch` carries `#[allow(clippy::result_large_err)]`: the request
//!   goes back by value, boxing it would allocate per call;
//! - undecodable arguments: `request.protocol_error(&err)` (no reply for
//!   oneway); oneway handler errors: `trift::server::log_oneway_error`.
//!
//! The `args_struct!`, `result_struct!` and `method_error!` macros below only
//! keep this file short: the generator emits their expansion (`base.rs`
//! spells the args and result structs out in full). Generated code names
//! runtime items by their full `trift::` paths.

#![allow(dead_code, unreachable_pub, unused_imports)]

use trift::protocol::{ProtocolError, ProtocolReader, ProtocolResult, ProtocolWriter, TType};
use trift::{Decode, Encode, WireType};

/// Reads a struct field by field: `on_field(reader, id, ttype)` returns
/// `Ok(true)` when it consumed the value, `Ok(false)` to have it skipped.
pub(crate) fn read_struct<R: ProtocolReader>(
    reader: &mut R,
    mut on_field: impl FnMut(&mut R, i16, TType) -> ProtocolResult<bool>,
) -> ProtocolResult<()> {
    reader.read_struct_begin()?;
    loop {
        let field = reader.read_field_begin()?;
        if field.ttype == TType::Stop {
            break;
        }
        if !on_field(reader, field.id, field.ttype)? {
            trift::protocol::skip(reader, field.ttype)?;
        }
        reader.read_field_end()?;
    }
    reader.read_struct_end()
}

/// Writes one field.
pub(crate) fn write_field<W: ProtocolWriter, T: Encode>(
    writer: &mut W,
    name: &str,
    id: i16,
    value: &T,
) -> ProtocolResult<()> {
    writer.write_field_begin(name, T::TTYPE, id)?;
    value.encode(writer)?;
    writer.write_field_end()
}

pub(crate) fn missing(strukt: &str, field: &str) -> ProtocolError {
    ProtocolError::new(
        trift::protocol::ProtocolErrorKind::MissingOrExtraField,
        format!("{strukt}: required field {field} is missing"),
    )
}

// ---------------------------------------------------------------------------
// Data types (emitted by the data-type generator; repeated here so the test
// stands alone).

/// Thrown by divide when the divisor is zero.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DivideByZero {
    pub message: String,
}

impl WireType for DivideByZero {
    const TTYPE: TType = TType::Struct;
}

impl Encode for DivideByZero {
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        writer.write_struct_begin("DivideByZero")?;
        write_field(writer, "message", 1, &self.message)?;
        writer.write_field_stop()?;
        writer.write_struct_end()
    }
}

impl Decode for DivideByZero {
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        let mut out = DivideByZero::default();
        read_struct(reader, |reader, id, ttype| {
            Ok(match (id, ttype) {
                (1, TType::String) => {
                    out.message = String::decode(reader)?;
                    true
                }
                _ => false,
            })
        })?;
        Ok(out)
    }
}

/// Thrown by divide when the quotient does not fit.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Overflow {
    pub message: String,
    pub dividend: i32,
}

impl WireType for Overflow {
    const TTYPE: TType = TType::Struct;
}

impl Encode for Overflow {
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        writer.write_struct_begin("Overflow")?;
        write_field(writer, "message", 1, &self.message)?;
        write_field(writer, "dividend", 2, &self.dividend)?;
        writer.write_field_stop()?;
        writer.write_struct_end()
    }
}

impl Decode for Overflow {
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        let mut out = Overflow::default();
        read_struct(reader, |reader, id, ttype| {
            Ok(match (id, ttype) {
                (1, TType::String) => {
                    out.message = String::decode(reader)?;
                    true
                }
                (2, TType::I32) => {
                    out.dividend = i32::decode(reader)?;
                    true
                }
                _ => false,
            })
        })?;
        Ok(out)
    }
}

/// Declares a per-method error enum: the declared exceptions, then the three
/// runtime categories, with the conversions generated code relies on.
macro_rules! method_error {
    ($(#[$doc:meta])* $name:ident { $($variant:ident($ty:ty)),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub enum $name {
            $(
                #[doc = concat!("The declared exception `", stringify!($ty), "`.")]
                $variant($ty),
            )*
            /// The server answered with a `TApplicationException`.
            Application(trift::ApplicationException),
            /// The transport failed.
            Transport(trift::TransportError),
            /// The call was refused locally.
            Refused(trift::Refusal),
            /// A message could not be encoded or decoded.
            Protocol(trift::protocol::ProtocolError),
        }

        impl From<trift::Error> for $name {
            fn from(err: trift::Error) -> Self {
                match err {
                    trift::Error::Application(err) => $name::Application(err),
                    trift::Error::Transport(err) => $name::Transport(err),
                    trift::Error::Refused(refusal) => $name::Refused(refusal),
                    trift::Error::Protocol(err) => $name::Protocol(err),
                }
            }
        }

        impl From<trift::ApplicationException> for $name {
            fn from(err: trift::ApplicationException) -> Self {
                $name::Application(err)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    $($name::$variant(err) => write!(f, "{}: {:?}", stringify!($variant), err),)*
                    $name::Application(err) => write!(f, "application error: {err}"),
                    $name::Transport(err) => write!(f, "transport error: {err}"),
                    $name::Refused(refusal) => write!(f, "call refused: {refusal}"),
                    $name::Protocol(err) => write!(f, "protocol error: {err}"),
                }
            }
        }

        impl std::error::Error for $name {}

        impl $name {
            /// The exception a server sends for an error that is not a
            /// declared exception (`INTERNAL_ERROR` unless it already is an
            /// application exception).
            #[allow(unreachable_patterns)]
            pub fn into_application_exception(self) -> trift::ApplicationException {
                match self {
                    $name::Application(err) => err,
                    $name::Transport(err) => trift::Error::Transport(err).into_application_exception(),
                    $name::Protocol(err) => trift::Error::Protocol(err).into_application_exception(),
                    other => trift::ApplicationException::new(
                        trift::ApplicationExceptionKind::InternalError,
                        other.to_string(),
                    ),
                }
            }
        }
    };
}

/// Emits an args struct: Apache's `m_args`, every field required on decode.
/// (`base.rs` shows the expansion in full.)
macro_rules! args_struct {
    ($(#[$doc:meta])* $name:ident = $wire:literal { $($field:ident: $ty:ty = $id:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct $name {
            $(pub $field: $ty,)*
        }

        impl trift::WireType for $name {
            const TTYPE: trift::protocol::TType = trift::protocol::TType::Struct;
        }

        impl trift::Encode for $name {
            fn encode<W: trift::protocol::ProtocolWriter>(
                &self,
                writer: &mut W,
            ) -> trift::protocol::ProtocolResult<()> {
                writer.write_struct_begin($wire)?;
                $($crate::rpc_test_service::write_field(writer, stringify!($field), $id, &self.$field)?;)*
                writer.write_field_stop()?;
                writer.write_struct_end()
            }
        }

        impl trift::Decode for $name {
            #[allow(unused_mut)]
            fn decode<R: trift::protocol::ProtocolReader>(
                reader: &mut R,
            ) -> trift::protocol::ProtocolResult<Self> {
                $(let mut $field: Option<$ty> = None;)*
                $crate::rpc_test_service::read_struct(reader, |reader, id, ttype| {
                    $(
                        if id == $id && ttype == <$ty as trift::WireType>::TTYPE {
                            $field = Some(<$ty as trift::Decode>::decode(reader)?);
                            return Ok(true);
                        }
                    )*
                    let _ = (reader, id, ttype);
                    Ok(false)
                })?;
                Ok($name {
                    $($field: $field.ok_or_else(|| $crate::rpc_test_service::missing($wire, stringify!($field)))?,)*
                })
            }
        }
    };
}

/// Emits a result struct: Apache's `m_result`, `success` under id 0 (unless
/// void) and each declared exception under its id, all optional.
macro_rules! result_struct {
    ($(#[$doc:meta])* $name:ident = $wire:literal { $($field:ident: $ty:ty = $id:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct $name {
            $(pub $field: Option<$ty>,)*
        }

        impl trift::WireType for $name {
            const TTYPE: trift::protocol::TType = trift::protocol::TType::Struct;
        }

        impl trift::Encode for $name {
            fn encode<W: trift::protocol::ProtocolWriter>(
                &self,
                writer: &mut W,
            ) -> trift::protocol::ProtocolResult<()> {
                writer.write_struct_begin($wire)?;
                $(
                    if let Some(value) = &self.$field {
                        $crate::rpc_test_service::write_field(writer, stringify!($field), $id, value)?;
                    }
                )*
                writer.write_field_stop()?;
                writer.write_struct_end()
            }
        }

        impl trift::Decode for $name {
            #[allow(unused_mut)]
            fn decode<R: trift::protocol::ProtocolReader>(
                reader: &mut R,
            ) -> trift::protocol::ProtocolResult<Self> {
                let mut out = $name::default();
                $crate::rpc_test_service::read_struct(reader, |reader, id, ttype| {
                    $(
                        if id == $id && ttype == <$ty as trift::WireType>::TTYPE {
                            out.$field = Some(<$ty as trift::Decode>::decode(reader)?);
                            return Ok(true);
                        }
                    )*
                    let _ = (reader, id, ttype);
                    Ok(false)
                })?;
                Ok(out)
            }
        }
    };
}

#[path = "rpc_test_service/base.rs"]
pub mod base;
#[path = "rpc_test_service/calculator.rs"]
pub mod calculator;

pub use base::{Base, BaseClient, BaseServer};
pub use calculator::{Calculator, CalculatorClient, CalculatorServer};
