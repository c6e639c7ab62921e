//! [`Call`]: headers, a timeout and a trace for the calls one future makes,
//! and the reply headers they get back; and what a channel sends with each
//! call ([`RequestContext`]).

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::metadata::Metadata;
use super::server_side::CallContext;
use super::server_side::with_current;
use super::trace::TraceParent;
use crate::message::ClientReply;

tokio::task_local! {
    static OUTGOING: Arc<CallScope>;
}

/// Options for every call a future makes through a trift client: headers to
/// send, a timeout, the trace to continue. [`Call::run`] gives back the reply
/// headers that came back.
///
/// Headers travel over THeader (as info headers) and HTTP (as HTTP headers);
/// over plain framed or unframed transports nothing is sent, and the timeout
/// still applies locally.
///
/// ```no_run
/// # use std::time::Duration;
/// # async fn demo(call: impl std::future::Future<Output = ()>) {
/// // `call` is e.g. `client.add(1, 2)` of a generated client.
/// let (sum, reply_headers) = trift::context::Call::new()
///     .header("tenant", "acme")
///     .timeout(Duration::from_millis(200))
///     .run(call)
///     .await;
/// # let _ = (sum, reply_headers);
/// # }
/// ```
#[derive(Debug, Clone, Default)]
pub struct Call {
    headers: Metadata,
    timeout: Option<Duration>,
    trace: Option<TraceParent>,
}

#[derive(Debug)]
struct CallScope {
    call: Call,
    replies: Mutex<Metadata>,
}

impl Call {
    /// No headers, the channel's timeout, the current trace (or a new one).
    pub fn new() -> Self {
        Call::default()
    }

    /// Sends `key: value` with every call.
    pub fn header(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.insert(key, value);
        self
    }

    /// Sends every header of `headers` with every call.
    pub fn headers(mut self, headers: &Metadata) -> Self {
        self.headers.extend_from(headers);
        self
    }

    /// Each call gets at most `timeout` (less when the channel's own timeout,
    /// or the deadline of the call being served, leaves less).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The calls continue `trace` (e.g. one read off an incoming HTTP
    /// request) instead of the served call's trace or a new one.
    pub fn trace_parent(mut self, trace: TraceParent) -> Self {
        self.trace = Some(trace);
        self
    }

    /// Runs `calls` with these options, returning its output and the reply
    /// headers its calls got (a later reply's value of a key wins).
    pub async fn run<F: Future>(self, calls: F) -> (F::Output, Metadata) {
        let scope = Arc::new(CallScope {
            call: self,
            replies: Mutex::new(Metadata::new()),
        });
        let output = OUTGOING.scope(Arc::clone(&scope), calls).await;
        let replies = match scope.replies.lock() {
            Ok(mut replies) => std::mem::take(&mut *replies),
            Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
        };
        (output, replies)
    }
}

/// What a channel sends with one call: headers, the time the caller will
/// wait, the `traceparent`.
#[derive(Debug, Clone)]
pub(crate) struct RequestContext {
    pub(crate) headers: Metadata,
    pub(crate) timeout: Duration,
    pub(crate) trace: TraceParent,
}

/// The time a call may take: the channel's `configured` timeout, shortened
/// by a [`Call::timeout`], by [`crate::resilience::with_deadline`], and by
/// what is left of the deadline of the call being served.
pub(crate) fn effective_timeout(configured: Duration) -> Duration {
    let mut timeout = configured;
    if let Ok(Some(scoped)) = OUTGOING.try_with(|scope| scope.call.timeout) {
        timeout = timeout.min(scoped);
    }
    if let Some(scoped) = crate::resilience::deadline::call_deadline() {
        timeout = timeout.min(scoped);
    }
    if let Some(left) = with_current(CallContext::remaining).flatten() {
        timeout = timeout.min(left);
    }
    timeout
}

/// What a call made now carries, given the `timeout` it gets: the headers
/// of the enclosing [`Call`], and a `traceparent` continuing its trace, else
/// the served call's, else a new one.
pub(crate) fn request_context(timeout: Duration) -> RequestContext {
    let (headers, explicit) = OUTGOING
        .try_with(|scope| (scope.call.headers.clone(), scope.call.trace))
        .unwrap_or_default();
    let trace = explicit
        .or_else(|| with_current(CallContext::trace))
        .unwrap_or_else(TraceParent::new_root);
    RequestContext {
        headers,
        timeout,
        trace,
    }
}

/// Hands the headers of `reply` to the enclosing [`Call::run`], if any.
pub(crate) fn note_reply(reply: &ClientReply) {
    let ClientReply::Message(message) = reply else {
        return;
    };
    if message.headers.is_empty() {
        return;
    }
    let _ = OUTGOING.try_with(|scope| {
        let mut replies = match scope.replies.lock() {
            Ok(replies) => replies,
            Err(poisoned) => poisoned.into_inner(),
        };
        replies.extend_from(&message.headers);
    });
}
