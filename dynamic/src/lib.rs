//! trift-dynamic: Thrift values without generated code.
//!
//! A [`Schema`] is built once from a resolved [`trift_idl::model::Model`]:
//! typedefs followed, defaults typed, each method's arguments and result as a
//! struct. A [`Value`] of any type of the schema is encoded and decoded
//! through the runtime's [`trift::protocol::ProtocolWriter`] and
//! [`trift::protocol::ProtocolReader`] (so binary, compact and JSON, with the
//! readers' limits) by [`codec`], with the same bytes and the same errors as
//! generated code. [`json`] maps values to and from JSON by field name, naming
//! the path of a bad value in its errors (`w.op: expected i32`). [`call`]
//! sends a call of any method over TCP or HTTP and [`cli`] is `trift call`;
//! `gateway` (feature `http`) puts a JSON/HTTP front on any service,
//! `openapi` describes it and `gateway_client` calls through it.

pub mod call;
pub mod cli;
pub mod codec;
#[cfg(feature = "http")]
pub mod gateway;
#[cfg(feature = "http")]
pub mod gateway_client;
pub mod json;
#[cfg(feature = "http")]
pub mod openapi;
pub mod schema;
pub mod value;

pub use codec::{decode, encode};
pub use json::{JsonError, from_json, to_json};
pub use schema::{
    EnumDesc, FieldDesc, MethodDesc, Schema, SchemaError, ServiceDesc, StructDesc, Ty,
};
pub use value::Value;
