//! The paths generated code names, re-exported as `trift::__codegen`.
//!
//! Code that `trift-codegen` emits refers to nothing but this module, so a
//! user's crate needs no dependency besides `trift`, and IDL names that shadow
//! the prelude (a struct called `Option` or `Vec`, an enum called `Some`)
//! cannot break it. Everything here is an implementation detail of generated
//! code: it may change with any release and is hidden from the docs.

pub use std::boxed::Box;
pub use std::clone::Clone;
pub use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
pub use std::convert::From;
pub use std::default::Default;
pub use std::error::Error;
pub use std::fmt;
pub use std::iter::FromIterator;
pub use std::option::Option::{self, None, Some};
pub use std::result::Result::{self, Err, Ok};
pub use std::string::{String, ToString};
pub use std::sync::LazyLock;
pub use std::vec::Vec;

pub use crate::codec::{Decode, Encode, OrderedF64, VecMap, VecSet, WireType};
pub use crate::protocol::{
    FieldHeader, ProtocolError, ProtocolErrorKind, ProtocolReader, ProtocolResult, ProtocolWriter,
    TType, skip,
};
pub use bytes::Bytes;
pub use uuid::Uuid;

// Services: handler traits, dispatchers and typed clients.
pub use std::convert::Infallible;
pub use std::future::Future;
pub use std::marker::{Send, Sized, Sync};
pub use std::ops::Deref;
pub use std::sync::Arc;
pub use std::task::{Context, Poll};
pub use tower::Service;

pub use crate::application_exception::{ApplicationException, ApplicationExceptionKind};
pub use crate::client::{Channel, ClientService};
pub use crate::error::{Error as RpcError, Refusal, TransportError};
pub use crate::message::{ClientReply, ClientRequest, ServerReply, ServerRequest, missing_result};
pub use crate::resilience::{CallError, FailureKind};
pub use crate::server::{BoxReplyFuture, log_oneway_error, ready_reply};

/// Sends one request through a clone of `service`, waiting until the clone
/// is ready. The future owns the clone and captures only `S` (`use<S>`), not
/// the borrow of `service`: a generated client method's future is then
/// `'static` in every edition, and outlives the client it came from.
#[inline]
pub fn call<S: ClientService>(
    service: &S,
    request: ClientRequest,
) -> impl Future<Output = Result<ClientReply, RpcError>> + Send + use<S> {
    tower::ServiceExt::oneshot(service.clone(), request)
}

/// The error for a required field that did not arrive, naming both.
#[cold]
pub fn missing_field(strukt: &str, field: &str) -> ProtocolError {
    ProtocolError::new(
        ProtocolErrorKind::MissingOrExtraField,
        format!("required field `{field}` of `{strukt}` is missing"),
    )
}

/// The error for a union with more than one field set on the wire.
#[cold]
pub fn union_extra_field(union: &str, field: &str) -> ProtocolError {
    ProtocolError::new(
        ProtocolErrorKind::MissingOrExtraField,
        format!("union `{union}` has more than one field set (`{field}` came after another)"),
    )
}
