//! Serving one message that arrived whole, for message-based transports
//! (a broker's delivery) that have no connection to answer on: the same
//! call policy as TCP and HTTP, with the answer handed back as bytes and
//! the reason, when the call failed, for the transport to act on (a broker
//! consumer dead-letters such a message).

use std::net::{Ipv4Addr, SocketAddr};

use tower::{Service, ServiceExt};

use super::BoxError;
use super::call::{self, Outcome};
use crate::message::{Framing, IncomingMessage, Protocol, RefusalNote, ServerReply, ServerRequest};

/// What serving one whole message gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageServed {
    /// The encoded answer (an unframed reply or exception message in the
    /// request's protocol); `None` for a oneway call.
    pub reply: Option<Vec<u8>>,
    /// Why the call failed, when it did; `None` when the handler answered
    /// (a declared exception is an answer).
    pub failure: Option<CallFailure>,
}

/// Why a call served by [`serve_message`] failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallFailure {
    /// The message never reached a handler and never will: it is not a call,
    /// names an unknown method, or its arguments did not decode.
    Refused(String),
    /// The handler was called, or would have been: the service was
    /// unavailable, the handler failed or panicked, or a two-way call got no
    /// reply. Another delivery may succeed.
    Failed(String),
}

/// The peer address a request served by [`serve_message`] carries: such a
/// message came through a broker, not from a socket.
pub const NO_PEER: SocketAddr = SocketAddr::new(std::net::IpAddr::V4(Ipv4Addr::UNSPECIFIED), 0);

/// Serves one whole `message` in `protocol` with `service` under the call
/// policy every server driver follows (see `server/call.rs`); `transport`
/// names the driver in the call's tracing span.
pub async fn serve_message<S>(
    service: &mut S,
    protocol: Protocol,
    message: IncomingMessage,
    transport: &'static str,
) -> MessageServed
where
    S: Service<ServerRequest, Response = Option<ServerReply>>,
    S::Error: Into<BoxError>,
{
    let framing = Framing::Unframed;
    let mut out = Vec::new();
    let oneway = match call::check_kind(&message.header) {
        Ok(oneway) => oneway,
        Err(exception) => {
            call::encode_refusal(protocol, framing, &mut out, &message.header, &exception);
            return served(out, false, Some(CallFailure::Refused(exception.message)));
        }
    };
    if let Err(err) = service.ready().await {
        let exception = call::service_unavailable(err, NO_PEER);
        call::encode_refusal(protocol, framing, &mut out, &message.header, &exception);
        return served(out, oneway, Some(CallFailure::Failed(exception.message)));
    }
    let refusals = RefusalNote::default();
    let in_flight = call::start_noted(
        service,
        message,
        NO_PEER,
        transport,
        None,
        Some(refusals.clone()),
    );
    let (meta, outcome) = in_flight.await;
    let failure = match &outcome {
        Outcome::Done(Ok(Some(_))) => refusals.take().map(CallFailure::Refused),
        Outcome::Done(Ok(None)) if oneway => refusals.take().map(CallFailure::Refused),
        Outcome::Done(Ok(None)) => Some(CallFailure::Failed(
            "a two-way call got no reply".to_owned(),
        )),
        Outcome::Done(Err(_)) => Some(CallFailure::Failed("the handler failed".to_owned())),
        Outcome::Panicked(_) => Some(CallFailure::Failed("the handler panicked".to_owned())),
        Outcome::Expired => Some(CallFailure::Failed(
            "the caller's deadline passed".to_owned(),
        )),
    };
    call::encode_outcome(protocol, framing, &mut out, meta, outcome);
    served(out, oneway, failure)
}

fn served(out: Vec<u8>, oneway: bool, failure: Option<CallFailure>) -> MessageServed {
    MessageServed {
        reply: (!oneway && !out.is_empty()).then_some(out),
        failure,
    }
}
