//! trift: the runtime of a Thrift-compatible RPC framework.
//!
//! Wire protocols (binary, compact, JSON) behind the static-dispatch
//! [`protocol::ProtocolWriter`] and [`protocol::ProtocolReader`] traits, the
//! [`Encode`]/[`Decode`] traits that generated types implement,
//! `TApplicationException`, and RPC over TCP: a [`Server`] serving any tower
//! service over [`ServerRequest`]s, a [`Channel`] client whose call path is a
//! tower service over [`ClientRequest`]s, and TMultiplexedProtocol on both
//! sides. Generated code depends only on this crate. It does not depend on
//! the IDL parser or the code generator.

pub mod application_exception;
pub mod client;
pub mod codec;
pub mod error;
pub mod protocol;
pub mod rpc;
pub mod server;
mod transport;

pub use application_exception::{ApplicationException, ApplicationExceptionKind};
pub use client::Channel;
pub use codec::{Decode, Encode, WireType};
pub use error::{Error, TransportError};
pub use rpc::{
    ClientReply, ClientRequest, Framing, IncomingMessage, MessageReader, Protocol, ServerReply,
    ServerRequest,
};
pub use server::Server;

pub use bytes::Bytes;
pub use uuid::Uuid;
