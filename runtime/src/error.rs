//! The error every RPC call path returns: [`Error`], split into transport,
//! protocol and application failures and local refusals, so callers can
//! tell "the network broke" from "the peer sent garbage" from "the server
//! said no" from "the call was not sent" ([`Refusal`]).

use std::fmt;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use crate::application_exception::{ApplicationException, ApplicationExceptionKind};
use crate::protocol::ProtocolError;

/// A failure below the Thrift protocol: connecting, sockets, deadlines,
/// frame sizes, HTTP statuses.
///
/// Cloneable so that one broken connection can fail every pending call with
/// the same cause.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum TransportError {
    /// Connecting failed (refused, unreachable, name not resolved): the call
    /// was not sent.
    Connect(Arc<io::Error>),
    /// An I/O error on an established connection (read or write).
    Io(Arc<io::Error>),
    /// Connecting did not finish within the connect timeout.
    ConnectTimeout(Duration),
    /// The call got no answer within its deadline (the channel's call
    /// timeout, or a deadline layer's default or per-call deadline). The
    /// call was cancelled and its in-flight slot freed; a late reply is
    /// dropped.
    CallTimeout(Duration),
    /// The peer closed the connection (or it broke) before the answer came.
    ConnectionClosed,
    /// An HTTP server answered with this status instead of `200 OK`
    /// (e.g. `413` for a request body above its limit, `405`, `404`).
    HttpStatus(u16),
    /// A frame declared a size above the configured maximum.
    FrameTooLarge {
        /// The declared size in bytes.
        size: usize,
        /// The configured maximum in bytes.
        max: usize,
    },
    /// A THeader frame that cannot be read (its lengths, its header, an
    /// unknown transform or protocol, a payload inflating past the limit).
    Header(crate::transport::theader::HeaderError),
    /// A call header the transport cannot carry (over HTTP: a name or value
    /// that is not a valid HTTP header). The call was not sent.
    InvalidHeader(String),
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransportError::Connect(err) => write!(f, "connect failed: {err}"),
            TransportError::Io(err) => write!(f, "I/O error: {err}"),
            TransportError::ConnectTimeout(after) => {
                write!(f, "connect timed out after {after:?}")
            }
            TransportError::CallTimeout(after) => write!(f, "call timed out after {after:?}"),
            TransportError::ConnectionClosed => f.write_str("connection closed"),
            TransportError::HttpStatus(status) => write!(f, "HTTP status {status}"),
            TransportError::FrameTooLarge { size, max } => {
                write!(f, "frame of {size} bytes exceeds the maximum of {max}")
            }
            TransportError::Header(err) => err.fmt(f),
            TransportError::InvalidHeader(why) => write!(f, "call header not sent: {why}"),
        }
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TransportError::Io(err) | TransportError::Connect(err) => Some(err.as_ref()),
            _ => None,
        }
    }
}

impl From<io::Error> for TransportError {
    fn from(err: io::Error) -> Self {
        TransportError::Io(Arc::new(err))
    }
}

/// A call refused on this side before anything was sent: the client's own
/// protection against a failing or overloaded dependency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Refusal {
    /// Too many calls are already in flight.
    Overloaded,
    /// A circuit breaker is open: the dependency failed too often recently,
    /// so the call failed at once without touching the network.
    CircuitOpen,
    /// No endpoint of a balanced client could take the call (none resolved,
    /// or every one is ejected as failed).
    NoEndpoint,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Refusal::Overloaded => "too many calls in flight",
            Refusal::CircuitOpen => "circuit breaker open",
            Refusal::NoEndpoint => "no endpoint available",
        })
    }
}

impl std::error::Error for Refusal {}

/// Why an RPC failed. The four categories are fixed, so generated per-method
/// error enums can mirror them exhaustively.
#[derive(Debug, Clone)]
pub enum Error {
    /// The transport failed: see [`TransportError`].
    Transport(TransportError),
    /// The call was refused locally and not sent: see [`Refusal`].
    Refused(Refusal),
    /// A message could not be encoded or decoded.
    Protocol(ProtocolError),
    /// The server answered with a `TApplicationException`.
    Application(ApplicationException),
}

impl Error {
    /// Turns this error into the `TApplicationException` a server sends when
    /// a handler fails with it: application exceptions pass through, anything
    /// else becomes `INTERNAL_ERROR` with this error's text.
    pub fn into_application_exception(self) -> ApplicationException {
        match self {
            Error::Application(err) => err,
            other => ApplicationException::new(
                ApplicationExceptionKind::InternalError,
                other.to_string(),
            ),
        }
    }

    /// True when the call certainly did not reach a handler (it was refused
    /// locally before being written), so retrying it is safe even for
    /// non-idempotent methods.
    pub fn is_not_sent(&self) -> bool {
        matches!(
            self,
            Error::Refused(_)
                | Error::Transport(TransportError::ConnectTimeout(_) | TransportError::Connect(_))
        )
    }

    /// True for the failures a fallback stands in for: a transport failure
    /// of any kind (deadline, broken connection), a refusal (overload, open
    /// circuit, no endpoint) or an application exception from the server
    /// (which includes a shed request). A protocol error (a bug on one side)
    /// is not.
    pub fn is_fallback_eligible(&self) -> bool {
        matches!(
            self,
            Error::Transport(_) | Error::Refused(_) | Error::Application(_)
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Transport(err) => write!(f, "transport error: {err}"),
            Error::Refused(refusal) => write!(f, "call refused: {refusal}"),
            Error::Protocol(err) => write!(f, "protocol error: {err}"),
            Error::Application(err) => write!(f, "application error: {err}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(err) => Some(err),
            Error::Refused(refusal) => Some(refusal),
            Error::Protocol(err) => Some(err),
            Error::Application(err) => Some(err),
        }
    }
}

impl From<TransportError> for Error {
    fn from(err: TransportError) -> Self {
        Error::Transport(err)
    }
}

impl From<Refusal> for Error {
    fn from(refusal: Refusal) -> Self {
        Error::Refused(refusal)
    }
}

impl From<ProtocolError> for Error {
    fn from(err: ProtocolError) -> Self {
        Error::Protocol(err)
    }
}

impl From<ApplicationException> for Error {
    fn from(err: ApplicationException) -> Self {
        Error::Application(err)
    }
}

impl From<io::Error> for Error {
    fn from(err: io::Error) -> Self {
        Error::Transport(err.into())
    }
}
