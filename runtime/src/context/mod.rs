//! Call context: what travels with each call besides its arguments.
//!
//! - Headers: a [`Metadata`] map a client sets with [`Call`], a handler
//!   reads from [`current`], and the handler's reply headers
//!   ([`CallContext::set_reply_header`]) that [`Call::run`] gives back.
//! - The deadline: a call carries the time its caller will wait; the server
//!   abandons the handler when it passes, and calls the handler makes get
//!   at most what is left.
//! - The trace: a W3C [`TraceParent`]; the server's `rpc` span records the
//!   trace id, its own span id and the caller's as its parent, and calls
//!   the handler makes continue the trace.
//!
//! Over THeader the context is written as info headers, over HTTP as HTTP
//! headers (`client-timeout` and `traceparent` beside the caller's own).
//! Over plain framed and unframed transports nothing is added to the wire:
//! timeouts still shorten locally, and handlers see no context.

mod client_side;
mod metadata;
mod peer;
mod server_side;
mod trace;
pub(crate) mod wire;

pub use client_side::Call;
pub(crate) use client_side::{RequestContext, effective_timeout, note_reply, request_context};
pub use metadata::Metadata;
pub use peer::PeerIdentity;
pub use server_side::{CallContext, current};
pub use trace::{TraceParent, TraceParentError};
