//! trift: the runtime of a Thrift-compatible RPC framework.
//!
//! Wire protocols (binary, compact, JSON) behind the static-dispatch
//! [`protocol::ProtocolWriter`] and [`protocol::ProtocolReader`] traits, the
//! [`Encode`]/[`Decode`] traits that generated types implement, and
//! `TApplicationException`. Generated code depends only on this crate. It does
//! not depend on the IDL parser or the code generator.

pub mod application_exception;
pub mod codec;
pub mod protocol;

#[doc(hidden)]
#[path = "codegen_support.rs"]
pub mod __codegen;

pub use application_exception::{ApplicationException, ApplicationExceptionKind};
pub use codec::{Decode, Encode, OrderedF64, VecMap, VecSet, WireType};

pub use bytes::Bytes;
pub use uuid::Uuid;
