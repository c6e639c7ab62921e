//! A chain of `call_context.Hop` servers for the call-context tests: each
//! hop reports what it saw of the call it served (the caller's headers,
//! what was left of the deadline, the trace ids of its span), sets a reply
//! header naming itself, and may call the next hop first.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tower::util::BoxCloneSyncService;
use trift::server::ShutdownHandle;
use trift::{Channel, ClientReply, ClientRequest, Framing, HttpChannel, Protocol, Server};

use crate::generated::call_context::{Hop, HopClient, HopServer, Seen};

/// A type-erased channel, so one hop can call the next over any transport.
pub type AnyChannel = BoxCloneSyncService<ClientRequest, ClientReply, trift::Error>;

/// Counts how the last hop's slow answers ended.
#[derive(Debug, Default)]
pub struct SleepCounts {
    /// Answers that waited their whole `sleep_ms`.
    pub finished: AtomicUsize,
    /// Handlers dropped while waiting (the caller's deadline passed).
    pub abandoned: AtomicUsize,
}

/// One hop: its name (the `served-by` reply header) and the next hop.
#[derive(Debug)]
pub struct HopHandler {
    name: String,
    next: Option<HopClient<AnyChannel>>,
    sleeps: Arc<SleepCounts>,
}

/// Counts a sleep as abandoned unless it was disarmed.
struct AbandonGuard(Option<Arc<SleepCounts>>);

impl Drop for AbandonGuard {
    fn drop(&mut self) {
        if let Some(counts) = self.0.take() {
            counts.abandoned.fetch_add(1, Ordering::SeqCst);
        }
    }
}

impl Hop for HopHandler {
    async fn inspect(&self, forward: bool, sleep_ms: i32) -> Result<Seen, trift::Error> {
        let call = trift::context::current();
        // What is left on arrival, before any time goes to the next hop.
        let remaining_ms = call
            .as_ref()
            .and_then(|call| call.remaining())
            .map_or(-1, |left| {
                i64::try_from(left.as_millis()).unwrap_or(i64::MAX)
            });
        if let Some(call) = &call {
            call.set_reply_header("served-by", self.name.clone());
        }
        let next = match (&self.next, forward) {
            (Some(next), true) => Some(Box::new(next.inspect(false, sleep_ms).await?)),
            _ => {
                let mut guard = AbandonGuard(Some(Arc::clone(&self.sleeps)));
                let millis = u64::try_from(sleep_ms).unwrap_or(0);
                tokio::time::sleep(Duration::from_millis(millis)).await;
                guard.0 = None;
                self.sleeps.finished.fetch_add(1, Ordering::SeqCst);
                None
            }
        };
        let Some(call) = call else {
            return Ok(Seen {
                headers: HashMap::new(),
                remaining_ms: -1,
                trace_id: String::new(),
                span_id: String::new(),
                parent_span_id: String::new(),
                next,
            });
        };
        let headers = call
            .headers()
            .iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        Ok(Seen {
            headers,
            remaining_ms,
            trace_id: format!("{:032x}", call.trace_id()),
            span_id: format!("{:016x}", call.span_id()),
            parent_span_id: call
                .parent_span_id()
                .map(|id| format!("{id:016x}"))
                .unwrap_or_default(),
            next,
        })
    }
}

/// A hop server running in the background, shut down when dropped.
#[derive(Debug)]
pub struct HopServerHandle {
    /// Where it listens (every transport: the server detects each).
    pub addr: SocketAddr,
    /// How the last hop's sleeps ended.
    pub sleeps: Arc<SleepCounts>,
    shutdown: ShutdownHandle,
}

impl Drop for HopServerHandle {
    fn drop(&mut self) {
        self.shutdown.shutdown();
    }
}

/// Starts hop `name` on a free loopback port, calling `next` when asked to
/// forward. Panics (failing the test) when it cannot bind.
pub async fn start_hop(name: &str, next: Option<AnyChannel>) -> HopServerHandle {
    let sleeps = Arc::new(SleepCounts::default());
    let handler = HopHandler {
        name: name.to_owned(),
        next: next.map(HopClient::new),
        sleeps: Arc::clone(&sleeps),
    };
    let bound = Server::builder()
        .bind("127.0.0.1:0")
        .await
        .expect("bind a free loopback port");
    let addr = bound.local_addr();
    let shutdown = bound.shutdown_handle();
    tokio::spawn(bound.serve(HopServer::new(handler)));
    HopServerHandle {
        addr,
        sleeps,
        shutdown,
    }
}

/// The transports that carry context (THeader binary and compact, THeader
/// inside framed frames as Apache's programs send it, HTTP, THeader frames
/// as HTTP bodies), each as a channel to `addr` with a 10 s call timeout.
pub fn carrying(addr: SocketAddr) -> Vec<(&'static str, AnyChannel)> {
    let theader = |protocol, nested| {
        BoxCloneSyncService::new(
            Channel::builder(addr)
                .protocol(protocol)
                .framing(Framing::Header)
                .header_in_frames(nested)
                .call_timeout(Duration::from_secs(10))
                .build(),
        )
    };
    let http = |theader| {
        let channel = HttpChannel::builder(format!("http://{addr}/"))
            .theader(theader)
            .protocol(if theader {
                Protocol::Compact
            } else {
                Protocol::Binary
            })
            .call_timeout(Duration::from_secs(10))
            .build()
            .expect("a loopback URL is a valid HTTP channel");
        BoxCloneSyncService::new(channel)
    };
    vec![
        ("theader binary", theader(Protocol::Binary, false)),
        ("theader compact", theader(Protocol::Compact, false)),
        ("theader in framed frames", theader(Protocol::Compact, true)),
        ("http", http(false)),
        ("theader over http", http(true)),
    ]
}
