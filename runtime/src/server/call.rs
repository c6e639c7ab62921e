//! The call policy every server driver follows, written once: check the
//! message type, dispatch to the service (catching a panic in `call` and in
//! the future it returns), turn what comes back into the reply the client
//! gets, and encode it with a fallback.
//!
//! | the service's outcome        | two-way call              | oneway call |
//! |------------------------------|---------------------------|-------------|
//! | `Ok(Some(reply))`            | the reply                 | nothing     |
//! | `Ok(None)`                   | `MISSING_RESULT` at once  | nothing     |
//! | `Err(error)`                 | `INTERNAL_ERROR` (logged) | logged      |
//! | panic                        | `INTERNAL_ERROR` (logged) | logged      |
//! | a reply that fails to encode | `INTERNAL_ERROR` instead  | —           |
//! | the caller's deadline passes | `INTERNAL_ERROR`, handler dropped | logged, dropped |
//!
//! A call that arrived with a [`CallContext`] (THeader, HTTP) runs with it
//! as [`crate::context::current`], under its deadline, and its `rpc` span
//! records the trace id, its span id and the caller's span id.
//! A message that is neither a call nor a oneway gets
//! `INVALID_MESSAGE_TYPE` and never reaches the service. The byte-stream
//! driver polls [`InFlight`] futures itself; the HTTP driver awaits one per
//! request. Both hand the outcome to [`encode_outcome`].

use std::any::Any;
use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::time::Sleep;
use tower::Service;
use tracing::Instrument;
use tracing::instrument::Instrumented;

use super::BoxError;
use crate::application_exception::{ApplicationException, ApplicationExceptionKind};
use crate::context::{CallContext, Metadata};
use crate::message::{
    EncodeBody, Framing, IncomingMessage, Protocol, RefusalNote, ServerReply, ServerRequest,
    encode_framed_message,
};
use crate::protocol::{MessageHeader, MessageType};
use crate::transport::theader::{self, HeaderWrite};

/// What a driver remembers about a call while its handler runs.
#[derive(Debug, Default)]
pub(crate) struct CallMeta {
    name: MethodName,
    seqid: i32,
    oneway: bool,
    context: Option<CallContext>,
}

impl CallMeta {
    /// The call's sequence id.
    pub(crate) fn seqid(&self) -> i32 {
        self.seqid
    }

    /// The reply headers the handler set (none without a context).
    pub(crate) fn reply_headers(&self) -> Metadata {
        self.context
            .as_ref()
            .map(CallContext::take_reply_headers)
            .unwrap_or_default()
    }
}

/// How a handler future ended.
pub(crate) enum Outcome<E> {
    /// The service answered (or failed).
    Done(Result<Option<ServerReply>, E>),
    /// The service panicked, in `call` or in its future.
    Panicked(Box<dyn Any + Send>),
    /// The caller's deadline passed first; the handler was dropped.
    Expired,
}

pin_project_lite::pin_project! {
    /// A handler future with its call's metadata, catching panics.
    pub(crate) struct InFlight<F> {
        #[pin]
        future: Option<Instrumented<F>>,
        meta: CallMeta,
        // A panic in `call` itself, reported on the first poll.
        panicked: Option<Box<dyn Any + Send>>,
        // The caller's deadline, for calls that came with one.
        deadline: Option<Pin<Box<Sleep>>>,
    }
}

impl<F, E> Future for InFlight<F>
where
    F: Future<Output = Result<Option<ServerReply>, E>>,
{
    type Output = (CallMeta, Outcome<E>);

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        if let Some(panic) = this.panicked.take() {
            return Poll::Ready((std::mem::take(this.meta), Outcome::Panicked(panic)));
        }
        let Some(future) = this.future.as_mut().as_pin_mut() else {
            // Polled again after it finished: there is nothing left to say.
            return Poll::Pending;
        };
        if let Some(deadline) = this.deadline.as_mut()
            && deadline.as_mut().poll(cx).is_ready()
        {
            this.future.set(None);
            return Poll::Ready((std::mem::take(this.meta), Outcome::Expired));
        }
        let context = this.meta.context.as_ref();
        let polled = std::panic::catch_unwind(AssertUnwindSafe(|| match context {
            Some(context) => context.enter(|| future.poll(cx)),
            None => future.poll(cx),
        }));
        let outcome = match polled {
            Ok(Poll::Pending) => return Poll::Pending,
            Ok(Poll::Ready(result)) => Outcome::Done(result),
            Err(panic) => Outcome::Panicked(panic),
        };
        this.future.set(None);
        Poll::Ready((std::mem::take(this.meta), outcome))
    }
}

/// Why a message never reached the service, as the exception the client
/// gets: only calls and oneways are served.
pub(crate) fn check_kind(header: &MessageHeader) -> Result<bool, ApplicationException> {
    match header.kind {
        MessageType::Call => Ok(false),
        MessageType::Oneway => Ok(true),
        other => Err(ApplicationException::new(
            ApplicationExceptionKind::InvalidMessageType,
            format!("expected a call or oneway message, got {other:?}"),
        )),
    }
}

/// Starts one call on a ready `service`. `transport` names the driver in
/// the call's tracing span; `context` is the call's context when its
/// transport carries one. The message must have passed [`check_kind`].
pub(crate) fn start<S>(
    service: &mut S,
    message: IncomingMessage,
    peer: SocketAddr,
    transport: &'static str,
    context: Option<CallContext>,
) -> InFlight<S::Future>
where
    S: Service<ServerRequest, Response = Option<ServerReply>>,
{
    start_noted(service, message, peer, transport, context, None)
}

/// [`start`], noting the dispatcher's refusal of the request (unknown
/// method, undecodable arguments) in `refusals`.
pub(crate) fn start_noted<S>(
    service: &mut S,
    message: IncomingMessage,
    peer: SocketAddr,
    transport: &'static str,
    context: Option<CallContext>,
    refusals: Option<RefusalNote>,
) -> InFlight<S::Future>
where
    S: Service<ServerRequest, Response = Option<ServerReply>>,
{
    let header = &message.header;
    let meta = CallMeta {
        name: MethodName::new(&header.name),
        seqid: header.seqid,
        oneway: header.kind == MessageType::Oneway,
        context,
    };
    let span = tracing::debug_span!(
        "rpc",
        method = %meta.name,
        seqid = meta.seqid,
        %peer,
        transport,
        trace_id = tracing::field::Empty,
        span_id = tracing::field::Empty,
        parent_span_id = tracing::field::Empty,
    );
    let deadline = meta.context.as_ref().and_then(|context| {
        record_trace(&span, context);
        context
            .deadline()
            .map(|at| Box::pin(tokio::time::sleep_until(at)))
    });
    let request = ServerRequest {
        message,
        peer,
        refusals,
    };
    let called = span.in_scope(|| {
        std::panic::catch_unwind(AssertUnwindSafe(|| match &meta.context {
            Some(context) => context.enter(|| service.call(request)),
            None => service.call(request),
        }))
    });
    match called {
        Ok(future) => InFlight {
            future: Some(future.instrument(span)),
            meta,
            panicked: None,
            deadline,
        },
        Err(panic) => InFlight {
            future: None,
            meta,
            panicked: Some(panic),
            deadline: None,
        },
    }
}

/// Records the call's trace in its span: the trace id, the server's own
/// span id, and the caller's span id as the parent.
fn record_trace(span: &tracing::Span, context: &CallContext) {
    if span.is_disabled() {
        return;
    }
    span.record(
        "trace_id",
        tracing::field::display(format_args!("{:032x}", context.trace_id())),
    );
    span.record(
        "span_id",
        tracing::field::display(format_args!("{:016x}", context.span_id())),
    );
    if let Some(parent) = context.parent_span_id() {
        span.record(
            "parent_span_id",
            tracing::field::display(format_args!("{parent:016x}")),
        );
    }
}

/// Appends to `out` what the client gets for a finished call (see the
/// module's table); a oneway call's failure is only logged.
pub(crate) fn encode_outcome<E: Into<BoxError>>(
    protocol: Protocol,
    framing: Framing,
    out: &mut Vec<u8>,
    meta: CallMeta,
    outcome: Outcome<E>,
) {
    let exception = match outcome {
        Outcome::Done(Ok(Some(reply))) => {
            if !meta.oneway {
                let ServerReply {
                    name,
                    kind,
                    seqid,
                    body,
                } = reply;
                encode_reply(protocol, framing, out, &name, kind, seqid, &*body);
            }
            return;
        }
        Outcome::Done(Ok(None)) if meta.oneway => return,
        Outcome::Done(Ok(None)) => {
            tracing::warn!(method = %meta.name, seqid = meta.seqid, "two-way call got no reply");
            ApplicationException::new(
                ApplicationExceptionKind::MissingResult,
                format!("{} produced no reply", meta.name),
            )
        }
        Outcome::Done(Err(err)) => {
            let err: BoxError = err.into();
            tracing::warn!(method = %meta.name, seqid = meta.seqid, oneway = meta.oneway, error = %err, "service error");
            ApplicationException::new(ApplicationExceptionKind::InternalError, err.to_string())
        }
        Outcome::Expired => {
            tracing::debug!(method = %meta.name, seqid = meta.seqid, oneway = meta.oneway, "the caller's deadline passed");
            ApplicationException::new(
                ApplicationExceptionKind::InternalError,
                format!("{}: the caller's deadline passed", meta.name),
            )
        }
        Outcome::Panicked(panic) => {
            let text = panic_text(panic.as_ref());
            tracing::error!(method = %meta.name, seqid = meta.seqid, oneway = meta.oneway, panic = %text, "handler panicked");
            ApplicationException::new(
                ApplicationExceptionKind::InternalError,
                format!("handler of {} panicked", meta.name),
            )
        }
    };
    if !meta.oneway {
        encode_exception(
            protocol,
            framing,
            out,
            meta.name.as_str(),
            meta.seqid,
            &exception,
        );
    }
}

/// Appends to `out` the answer to a message that never reached the service
/// (see [`check_kind`] and [`service_unavailable`]): `exception`, unless
/// the message is oneway, which is never answered.
pub(crate) fn encode_refusal(
    protocol: Protocol,
    framing: Framing,
    out: &mut Vec<u8>,
    header: &MessageHeader,
    exception: &ApplicationException,
) {
    if header.kind != MessageType::Oneway {
        encode_exception(
            protocol,
            framing,
            out,
            &header.name,
            header.seqid,
            exception,
        );
    }
}

/// The `INTERNAL_ERROR` for a call whose service failed to become ready
/// (the failure is logged); the driver then takes no more calls.
pub(crate) fn service_unavailable(
    err: impl Into<BoxError>,
    peer: SocketAddr,
) -> ApplicationException {
    let err: BoxError = err.into();
    tracing::warn!(%peer, error = %err, "service failed");
    ApplicationException::new(
        ApplicationExceptionKind::InternalError,
        format!("service unavailable: {err}"),
    )
}

/// Appends an exception message to `out`.
fn encode_exception(
    protocol: Protocol,
    framing: Framing,
    out: &mut Vec<u8>,
    name: &str,
    seqid: i32,
    exception: &ApplicationException,
) {
    let kind = MessageType::Exception;
    encode_reply(protocol, framing, out, name, kind, seqid, exception);
}

/// Appends one reply message to `out`. A reply that cannot be encoded is
/// replaced by an `INTERNAL_ERROR` exception.
fn encode_reply(
    protocol: Protocol,
    framing: Framing,
    out: &mut Vec<u8>,
    name: &str,
    kind: MessageType,
    seqid: i32,
    body: &dyn EncodeBody,
) {
    let Err(err) = encode_framed_message(protocol, framing, out, name, kind, seqid, body) else {
        return;
    };
    tracing::error!(method = name, seqid, error = %err, "reply could not be encoded");
    let exception = ApplicationException::new(
        ApplicationExceptionKind::InternalError,
        format!("reply could not be encoded: {err}"),
    );
    let kind = MessageType::Exception;
    if let Err(err) = encode_framed_message(protocol, framing, out, name, kind, seqid, &exception) {
        tracing::error!(method = name, seqid, error = %err, "exception could not be encoded");
    }
}

fn panic_text(panic: &(dyn Any + Send)) -> &str {
    if let Some(text) = panic.downcast_ref::<&str>() {
        text
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text
    } else {
        "(non-string panic payload)"
    }
}

/// Method names up to this many bytes are remembered without allocating.
const INLINE_NAME: usize = 40;

/// A call's method name, kept for an error reply: inline when short (the
/// reply itself carries the request's `String`, so the common path
/// allocates nothing for it), on the heap otherwise.
#[derive(Debug)]
enum MethodName {
    Inline {
        len: usize,
        bytes: [u8; INLINE_NAME],
    },
    Heap(String),
}

impl MethodName {
    fn new(name: &str) -> Self {
        let mut bytes = [0; INLINE_NAME];
        match bytes.get_mut(..name.len()) {
            Some(prefix) => {
                prefix.copy_from_slice(name.as_bytes());
                MethodName::Inline {
                    len: name.len(),
                    bytes,
                }
            }
            None => MethodName::Heap(name.to_owned()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            // A whole `&str` was copied, so the bytes are UTF-8.
            MethodName::Inline { len, bytes } => bytes
                .get(..*len)
                .and_then(|name| std::str::from_utf8(name).ok())
                .unwrap_or_default(),
            MethodName::Heap(name) => name,
        }
    }
}

impl Default for MethodName {
    fn default() -> Self {
        MethodName::new("")
    }
}

impl fmt::Display for MethodName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Wraps the reply encoded at `out[start..]` (if any: oneway calls have
/// none) in a THeader frame that mirrors the request's transforms. A reply
/// that cannot be wrapped is dropped and logged.
pub(crate) fn wrap_header_reply(
    out: &mut Vec<u8>,
    start: usize,
    protocol: Protocol,
    seqid: i32,
    write: &HeaderWrite,
) {
    if out.len() == start {
        return;
    }
    if let Err(error) = theader::wrap_message(out, start, protocol, seqid, write) {
        tracing::error!(seqid, %error, "reply could not be framed");
        out.truncate(start);
    }
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use super::*;
    use crate::protocol::{BinaryReader, ProtocolReader};

    fn meta(oneway: bool) -> CallMeta {
        CallMeta {
            name: MethodName::new("ping"),
            seqid: 7,
            oneway,
            context: None,
        }
    }

    fn answered(
        meta: CallMeta,
        outcome: Outcome<Infallible>,
    ) -> Option<(MessageHeader, ApplicationExceptionKind)> {
        let mut out = Vec::new();
        encode_outcome(Protocol::Binary, Framing::Unframed, &mut out, meta, outcome);
        if out.is_empty() {
            return None;
        }
        let mut reader = BinaryReader::new(out.into());
        let header = reader.read_message_begin().unwrap();
        let exception: ApplicationException = crate::codec::Decode::decode(&mut reader).unwrap();
        Some((header, exception.kind))
    }

    #[test]
    fn a_two_way_call_without_a_reply_gets_missing_result() {
        let (header, kind) = answered(meta(false), Outcome::Done(Ok(None))).unwrap();
        assert_eq!(header.kind, MessageType::Exception);
        assert_eq!((header.name.as_str(), header.seqid), ("ping", 7));
        assert_eq!(kind, ApplicationExceptionKind::MissingResult);
    }

    #[test]
    fn a_panic_becomes_internal_error_and_a_oneway_gets_nothing() {
        let (_, kind) = answered(meta(false), Outcome::Panicked(Box::new("boom"))).unwrap();
        assert_eq!(kind, ApplicationExceptionKind::InternalError);
        assert!(answered(meta(true), Outcome::Panicked(Box::new("boom"))).is_none());
        assert!(answered(meta(true), Outcome::Done(Ok(None))).is_none());
    }

    #[test]
    fn only_calls_and_oneways_are_served() {
        let header = |kind| MessageHeader {
            name: "ping".into(),
            kind,
            seqid: 1,
        };
        assert_eq!(check_kind(&header(MessageType::Call)).ok(), Some(false));
        assert_eq!(check_kind(&header(MessageType::Oneway)).ok(), Some(true));
        let err = check_kind(&header(MessageType::Reply)).unwrap_err();
        assert_eq!(err.kind, ApplicationExceptionKind::InvalidMessageType);
    }
}
