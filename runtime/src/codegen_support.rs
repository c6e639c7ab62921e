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
pub use crate::message::{
    ClientReply, ClientRequest, MethodArgs, MethodResult, ServerReply, ServerRequest,
    missing_result,
};
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

/// Calls the two-way method `A` through a clone of `service` and reads its
/// result struct `A::Result`: the success value, the declared exception that came
/// back, or `MISSING_RESULT` when the reply holds neither. Marks the request
/// idempotent when the method is. The future owns everything it needs and
/// captures only `S` and `A`: a generated client method returns it as it
/// is.
pub fn call_method<S, A, R>(
    service: &S,
    args: A,
) -> impl Future<Output = Result<R::Success, R::Error>> + Send + use<S, A, R>
where
    S: ClientService,
    A: MethodArgs<Result = R>,
    R: MethodResult,
{
    let request = ClientRequest::call(A::METHOD, args);
    let request = if A::IDEMPOTENT {
        request.idempotent()
    } else {
        request
    };
    let reply = call(service, request);
    async move {
        let reply = reply.await?;
        crate::context::note_reply(&reply);
        let result: R = reply.decode_result()?;
        match result.into_outcome() {
            Some(outcome) => outcome,
            None => Err(missing_result(A::METHOD).into()),
        }
    }
}

/// Sends the oneway method `A` through a clone of `service`; the future
/// completes once the request is written.
pub fn call_oneway<S: ClientService, A: MethodArgs>(
    service: &S,
    args: A,
) -> impl Future<Output = Result<(), RpcError>> + Send + use<S, A> {
    let sent = call(service, ClientRequest::oneway(A::METHOD, args));
    async move {
        sent.await?;
        Ok(())
    }
}

/// Serves one call of the two-way method `A`: decodes its arguments (a
/// protocol error is answered at once), hands them with a clone of `handler`
/// to `handle`, and replies with the result struct `A::Result` it fills
/// (every type is inferred from `handle`'s argument): the success
/// value or a declared exception, any other error as the
/// `TApplicationException` it becomes.
pub fn serve<H, A, R, F, Fut>(
    handler: &Arc<H>,
    mut request: ServerRequest,
    handle: F,
) -> BoxReplyFuture
where
    H: ?Sized + Send + Sync + 'static,
    A: MethodArgs<Result = R>,
    R: MethodResult,
    F: FnOnce(Arc<H>, A) -> Fut,
    Fut: Future<Output = Result<R::Success, R::Error>> + Send + 'static,
{
    let args = match request.decode_args::<A>() {
        Ok(args) => args,
        Err(err) => return ready_reply(request.protocol_error(&err)),
    };
    let reply_to = request.into_reply_to();
    let outcome = handle(Arc::clone(handler), args);
    Box::pin(async move {
        let reply = match outcome.await {
            Ok(success) => reply_to.reply(R::from_success(success)),
            Err(err) => match R::from_error(err) {
                Ok(result) => reply_to.reply(result),
                Err(exception) => reply_to.exception(exception),
            },
        };
        Ok(Some(reply))
    })
}

/// Serves one call of the oneway method `A`: decodes its arguments, runs
/// `handle` and sends nothing; a failure is logged, since no reply can
/// carry it.
pub fn serve_oneway<H, A, F, Fut>(
    handler: &Arc<H>,
    mut request: ServerRequest,
    handle: F,
) -> BoxReplyFuture
where
    H: ?Sized + Send + Sync + 'static,
    A: MethodArgs,
    F: FnOnce(Arc<H>, A) -> Fut,
    Fut: Future<Output = Result<(), RpcError>> + Send + 'static,
{
    let args = match request.decode_args::<A>() {
        Ok(args) => args,
        Err(err) => return ready_reply(request.protocol_error(&err)),
    };
    let outcome = handle(Arc::clone(handler), args);
    Box::pin(async move {
        if let Err(err) = outcome.await {
            log_oneway_error(A::METHOD, &err);
        }
        Ok(None)
    })
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

/// A required field's decoded value, or the error naming the struct and the
/// field when it did not arrive.
#[inline]
pub fn required<T>(value: Option<T>, strukt: &str, field: &str) -> ProtocolResult<T> {
    match value {
        Some(value) => Ok(value),
        None => Err(missing_field(strukt, field)),
    }
}

/// The error for a union whose field `field` arrived after another one.
#[cold]
pub fn union_conflict<T>(union: &str, field: &str) -> ProtocolResult<T> {
    Err(union_extra_field(union, field))
}
