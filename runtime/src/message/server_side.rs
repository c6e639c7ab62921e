//! A call as a server sees it ([`ServerRequest`]) and its answer
//! ([`ServerReply`]).

use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use super::{EncodeBody, IncomingMessage, Protocol};
use crate::application_exception::{ApplicationException, ApplicationExceptionKind};
use crate::codec::{Decode, Encode};
use crate::protocol::{MessageType, ProtocolError, ProtocolResult};

/// A call as the server sees it: the header, the undecoded arguments, and
/// where it came from.
///
/// The header's name is the bare method name: under TMultiplexedProtocol the
/// `Service:` prefix has already been removed by the
/// multiplexed service of `trift::server`.
#[derive(Debug, Clone)]
pub struct ServerRequest {
    /// The call's header and argument reader.
    pub message: IncomingMessage,
    /// The peer's address.
    pub peer: SocketAddr,
    /// Where the refusals below are noted, for drivers that act on them
    /// (a broker consumer dead-letters a refused message).
    pub(crate) refusals: Option<RefusalNote>,
}

/// Why a dispatcher refused a request (unknown method, undecodable
/// arguments), noted for the driver that served it.
#[derive(Debug, Clone, Default)]
pub(crate) struct RefusalNote(Arc<Mutex<Option<String>>>);

impl RefusalNote {
    /// Notes `reason` (the last refusal wins).
    fn note(&self, reason: &str) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(reason.to_owned());
        }
    }

    /// The reason noted, if any.
    pub(crate) fn take(&self) -> Option<String> {
        self.0.lock().ok().and_then(|mut slot| slot.take())
    }
}

impl ServerRequest {
    /// The method name.
    #[inline]
    pub fn method(&self) -> &str {
        &self.message.header.name
    }

    /// The sequence id the reply must carry.
    #[inline]
    pub fn seqid(&self) -> i32 {
        self.message.header.seqid
    }

    /// Call or oneway (or, from a misbehaving client, something else).
    #[inline]
    pub fn kind(&self) -> MessageType {
        self.message.header.kind
    }

    /// The protocol the call arrived in (replies use the same).
    #[inline]
    pub fn protocol(&self) -> Protocol {
        self.message.body.protocol()
    }

    /// Decodes the arguments struct and the message end.
    #[inline]
    pub fn decode_args<T: Decode>(&mut self) -> ProtocolResult<T> {
        self.message.body.read_body()
    }

    /// Consumes the request, keeping what a reply needs.
    #[inline]
    pub fn into_reply_to(self) -> ReplyTo {
        ReplyTo {
            name: self.message.header.name,
            seqid: self.message.header.seqid,
        }
    }

    /// The `UNKNOWN_METHOD` exception reply for this request (none for a
    /// oneway call, which is never answered).
    pub fn unknown_method(self) -> Option<ServerReply> {
        let message = format!("Unknown method {}", self.method());
        self.fail(ApplicationExceptionKind::UnknownMethod, message)
    }

    /// The `PROTOCOL_ERROR` exception reply for arguments that could not be
    /// decoded (none for a oneway call).
    pub fn protocol_error(self, err: &ProtocolError) -> Option<ServerReply> {
        self.fail(ApplicationExceptionKind::ProtocolError, err.to_string())
    }

    fn fail(self, kind: ApplicationExceptionKind, message: String) -> Option<ServerReply> {
        if let Some(refusals) = &self.refusals {
            refusals.note(&message);
        }
        if self.kind() == MessageType::Oneway {
            return None;
        }
        Some(
            self.into_reply_to()
                .exception(ApplicationException::new(kind, message)),
        )
    }
}

/// What a reply must echo from its call: the method name and the sequence id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyTo {
    /// The (bare) method name.
    pub name: String,
    /// The call's sequence id.
    pub seqid: i32,
}

impl ReplyTo {
    /// A `REPLY` message carrying `result` (the method's result struct).
    #[inline]
    pub fn reply<T: Encode + Send + Sync + 'static>(self, result: T) -> ServerReply {
        ServerReply {
            name: self.name,
            kind: MessageType::Reply,
            seqid: self.seqid,
            body: Box::new(result),
        }
    }

    /// An `EXCEPTION` message carrying `exception`.
    pub fn exception(self, exception: ApplicationException) -> ServerReply {
        ServerReply {
            name: self.name,
            kind: MessageType::Exception,
            seqid: self.seqid,
            body: Box::new(exception),
        }
    }
}

/// A server's answer to one call, encoded by the connection in the call's
/// protocol and framing.
pub struct ServerReply {
    /// The method name (bare, also under TMultiplexedProtocol).
    pub name: String,
    /// `Reply` or `Exception`.
    pub kind: MessageType,
    /// The call's sequence id.
    pub seqid: i32,
    /// The result struct or the `TApplicationException`.
    pub body: Box<dyn EncodeBody>,
}

impl fmt::Debug for ServerReply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerReply")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("seqid", &self.seqid)
            .finish_non_exhaustive()
    }
}
