//! A call as a client sends it ([`ClientRequest`]) and what comes back
//! ([`ClientReply`]).

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use super::{EncodeBody, IncomingMessage};
use crate::application_exception::{ApplicationException, ApplicationExceptionKind};
use crate::codec::{Decode, Encode};
use crate::error::Error;
use crate::protocol::MessageType;

/// A call as a client sends it. The sequence id is chosen by the channel that
/// sends it, and the arguments are encoded in that channel's protocol.
///
/// Cheap to clone (the arguments are shared), so retry layers can resend it.
#[derive(Clone)]
pub struct ClientRequest {
    /// The method name (a multiplexing channel or layer prefixes it with
    /// `Service:`).
    pub method: Cow<'static, str>,
    /// `Call` or `Oneway`.
    pub kind: MessageType,
    /// The arguments struct.
    pub args: Arc<dyn EncodeBody>,
    /// The method is safe to send twice (IDL annotation `(idempotent)` or
    /// [`ClientRequest::idempotent`]): retry layers resend only these.
    pub idempotent: bool,
}

impl ClientRequest {
    /// A two-way call of `method` with the `args` struct.
    #[inline]
    pub fn call<T: Encode + Send + Sync + 'static>(method: &'static str, args: T) -> Self {
        ClientRequest {
            method: Cow::Borrowed(method),
            kind: MessageType::Call,
            args: Arc::new(args),
            idempotent: false,
        }
    }

    /// A oneway call of `method`: completes once written, gets no reply.
    #[inline]
    pub fn oneway<T: Encode + Send + Sync + 'static>(method: &'static str, args: T) -> Self {
        ClientRequest {
            method: Cow::Borrowed(method),
            kind: MessageType::Oneway,
            args: Arc::new(args),
            idempotent: false,
        }
    }

    /// Marks the call as idempotent (safe to send more than once), so retry
    /// layers may resend it. Generated clients call this for methods
    /// annotated `(idempotent)` in the IDL. A oneway call is never retried,
    /// marked or not.
    #[inline]
    pub fn idempotent(mut self) -> Self {
        self.idempotent = true;
        self
    }
}

impl fmt::Debug for ClientRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientRequest")
            .field("method", &self.method)
            .field("kind", &self.kind)
            .field("idempotent", &self.idempotent)
            .finish_non_exhaustive()
    }
}

/// What a client gets back for one request.
#[derive(Debug, Clone)]
pub enum ClientReply {
    /// A oneway request was written to the socket.
    Sent,
    /// The server's reply to a two-way call.
    Message(IncomingMessage),
}

impl ClientReply {
    /// Decodes a two-way call's result struct. A `TApplicationException`
    /// reply becomes [`Error::Application`]; any other message type is an
    /// `INVALID_MESSAGE_TYPE` application error.
    pub fn decode_result<T: Decode>(self) -> Result<T, Error> {
        let ClientReply::Message(mut message) = self else {
            return Err(Error::Application(ApplicationException::new(
                ApplicationExceptionKind::MissingResult,
                "a oneway request has no result",
            )));
        };
        match message.header.kind {
            MessageType::Reply => Ok(message.body.read_body()?),
            MessageType::Exception => Err(Error::Application(
                message.body.read_body::<ApplicationException>()?,
            )),
            other => Err(Error::Application(ApplicationException::new(
                ApplicationExceptionKind::InvalidMessageType,
                format!("expected a reply, got a {other:?} message"),
            ))),
        }
    }
}

/// The `MISSING_RESULT` error a generated client returns when a reply has
/// neither a success value nor a declared exception.
pub fn missing_result(method: &str) -> Error {
    Error::Application(ApplicationException::new(
        ApplicationExceptionKind::MissingResult,
        format!("{method} failed: unknown result"),
    ))
}
