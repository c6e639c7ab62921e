//! [`CallContext`]: what a handler sees of the call it serves, and the
//! task-local scope the server drivers run each handler in.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use super::metadata::Metadata;
use super::peer::PeerIdentity;
use super::trace::{TraceParent, new_span_id};
use super::wire::{self, WireKeys};

tokio::task_local! {
    static SERVER_CALL: CallContext;
}

/// What a handler sees of the call it is serving, from
/// [`current`]: the caller's headers, the deadline the caller set, the
/// trace the call belongs to, and the reply headers the handler sets.
///
/// Cheap to clone (one shared allocation per call). Only calls that arrive
/// over a transport that carries context have one: THeader and HTTP.
#[derive(Debug, Clone)]
pub struct CallContext {
    inner: Arc<CallState>,
}

#[derive(Debug)]
struct CallState {
    headers: Metadata,
    deadline: Option<Instant>,
    trace_id: u128,
    flags: u8,
    span_id: u64,
    parent_span_id: Option<u64>,
    peer: SocketAddr,
    identity: Option<Arc<PeerIdentity>>,
    reply: Mutex<Metadata>,
}

impl CallContext {
    /// The context of a call that arrived at `received` with `metadata` (the
    /// deadline and `traceparent` keys named by `keys` are taken out of it).
    /// A missing or invalid `traceparent` starts a new trace. `identity` is
    /// the verified client certificate of a mutual-TLS connection.
    pub(crate) fn from_wire(
        mut metadata: Metadata,
        keys: WireKeys,
        peer: SocketAddr,
        identity: Option<Arc<PeerIdentity>>,
        received: Instant,
    ) -> Self {
        let timeout = metadata
            .remove(keys.timeout)
            .and_then(|text| wire::parse_timeout(&text, peer));
        let parent = metadata
            .remove(keys.traceparent)
            .and_then(|text| wire::parse_traceparent(&text, peer));
        let (trace_id, flags, parent_span_id) = match parent {
            Some(parent) => (parent.trace_id, parent.flags, Some(parent.parent_id)),
            None => {
                let root = TraceParent::new_root();
                (root.trace_id, root.flags, None)
            }
        };
        CallContext {
            inner: Arc::new(CallState {
                headers: metadata,
                deadline: timeout.map(|timeout| received + timeout),
                trace_id,
                flags,
                span_id: new_span_id(),
                parent_span_id,
                peer,
                identity,
                reply: Mutex::new(Metadata::new()),
            }),
        }
    }

    /// The headers the caller sent (without the deadline and `traceparent`,
    /// which [`CallContext::deadline`] and [`CallContext::trace`] give).
    #[inline]
    pub fn headers(&self) -> &Metadata {
        &self.inner.headers
    }

    /// The value of one header the caller sent.
    #[inline]
    pub fn header(&self, key: &str) -> Option<&str> {
        self.inner.headers.get(key)
    }

    /// When the caller stops waiting, if it said. The server abandons the
    /// handler then, and calls the handler makes get at most what is left.
    #[inline]
    pub fn deadline(&self) -> Option<Instant> {
        self.inner.deadline
    }

    /// How long until [`CallContext::deadline`] (zero once it has passed).
    pub fn remaining(&self) -> Option<Duration> {
        self.inner
            .deadline
            .map(|deadline| deadline.saturating_duration_since(Instant::now()))
    }

    /// The trace id of the call, from the caller's `traceparent` or new.
    #[inline]
    pub fn trace_id(&self) -> u128 {
        self.inner.trace_id
    }

    /// The id of the server span serving this call: the parent of the calls
    /// the handler makes.
    #[inline]
    pub fn span_id(&self) -> u64 {
        self.inner.span_id
    }

    /// The caller's span id (the `traceparent`'s parent id), when it sent one.
    #[inline]
    pub fn parent_span_id(&self) -> Option<u64> {
        self.inner.parent_span_id
    }

    /// The `traceparent` calls made while serving this call carry.
    #[inline]
    pub fn trace(&self) -> TraceParent {
        TraceParent {
            trace_id: self.inner.trace_id,
            parent_id: self.inner.span_id,
            flags: self.inner.flags,
        }
    }

    /// The caller's address.
    #[inline]
    pub fn peer(&self) -> SocketAddr {
        self.inner.peer
    }

    /// The client's verified certificate identity, on a mutual-TLS
    /// connection (`Server::builder().tls(..)` with a client CA); `None`
    /// otherwise. A call over TLS has a context whatever its framing, so
    /// plain framed and unframed handlers see the identity too.
    pub fn peer_identity(&self) -> Option<&PeerIdentity> {
        self.inner.identity.as_deref()
    }

    /// Sets a header of the reply (replacing an earlier value of `key`):
    /// a THeader info header or an HTTP response header.
    pub fn set_reply_header(&self, key: impl Into<String>, value: impl Into<String>) {
        let mut reply = match self.inner.reply.lock() {
            Ok(reply) => reply,
            Err(poisoned) => poisoned.into_inner(),
        };
        reply.insert(key, value);
    }

    /// The reply headers set so far, taken for the reply.
    pub(crate) fn take_reply_headers(&self) -> Metadata {
        match self.inner.reply.lock() {
            Ok(mut reply) => std::mem::take(&mut *reply),
            Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
        }
    }

    /// Runs `f` with `self` as the [`current`] call.
    #[inline]
    pub(crate) fn enter<R>(&self, f: impl FnOnce() -> R) -> R {
        SERVER_CALL.sync_scope(self.clone(), f)
    }
}

/// The call the current task is serving, when it arrived with a context
/// (over THeader or HTTP). `None` outside a handler, and in handlers of
/// calls over plain framed or unframed transports, which carry none.
///
/// ```no_run
/// # async fn handler() {
/// if let Some(call) = trift::context::current() {
///     let tenant = call.header("tenant").unwrap_or("none");
///     call.set_reply_header("served-by", "billing-1");
/// #   let _ = tenant;
/// }
/// # }
/// ```
pub fn current() -> Option<CallContext> {
    SERVER_CALL.try_with(CallContext::clone).ok()
}

/// `f` of the call being served, without cloning its context (`None`
/// outside a served call).
pub(crate) fn with_current<R>(f: impl FnOnce(&CallContext) -> R) -> Option<R> {
    SERVER_CALL.try_with(f).ok()
}
