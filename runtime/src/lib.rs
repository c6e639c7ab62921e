//! trift: the runtime of a Thrift-compatible RPC framework.
//!
//! Wire protocols (binary, compact, JSON) behind the static-dispatch
//! [`protocol::ProtocolWriter`] and [`protocol::ProtocolReader`] traits, the
//! [`Encode`]/[`Decode`] traits that generated types implement,
//! `TApplicationException`, and RPC over TCP and HTTP: a [`Server`] serving
//! any tower service over [`ServerRequest`]s, a [`Channel`] client (an
//! [`HttpChannel`] over HTTP) whose call path is a tower service over
//! [`ClientRequest`]s, and TMultiplexedProtocol on both sides. [`resilience`]
//! holds the partial-failure layers (deadlines, bounds, circuit breaker,
//! retries, fallbacks, load shedding, balancing), composed by
//! [`resilience::ResilientChannel`]. Generated code depends only on this crate. It does not depend on
//! the IDL parser or the code generator.

pub mod application_exception;
pub mod client;
pub mod codec;
pub mod context;
pub mod error;
pub mod message;
pub mod protocol;
pub mod resilience;
pub mod server;
#[cfg(feature = "tls")]
pub mod tls;
mod transport;

#[doc(hidden)]
#[path = "codegen_support.rs"]
pub mod __codegen;

pub use application_exception::{ApplicationException, ApplicationExceptionKind};
#[cfg(feature = "http")]
pub use client::HttpChannel;
pub use client::{Channel, ServiceNameLayer};
pub use codec::{Decode, Encode, OrderedF64, VecMap, VecSet, WireType};
pub use error::{Error, Refusal, TransportError};
pub use message::{
    ClientReply, ClientRequest, Framing, IncomingMessage, MessageReader, MethodArgs, MethodResult,
    Protocol, ServerReply, ServerRequest,
};
pub use resilience::ResilientChannel;
pub use server::{Accept, Server};
pub use transport::theader::HeaderError;

pub use bytes::Bytes;
pub use uuid::Uuid;
