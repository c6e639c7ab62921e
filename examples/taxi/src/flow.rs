//! The flow log: one line per message as it completes (who called whom, the
//! method, the interaction style, protocol and transport, and how long it
//! took as the caller saw it), and a summary per kind of message.

use std::fmt::Write as _;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use trift::{Framing, Protocol};

/// How a message is exchanged (the article's interaction styles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Style {
    /// A notification: the caller returns once the request is written and
    /// nothing is answered.
    Oneway,
    /// Request/response: the caller awaits the reply (many may be in flight
    /// on one connection: request/async response).
    RequestResponse,
    /// An event published to a publish-subscribe channel: every
    /// subscription gets it.
    PublishSubscribe,
    /// One request published to every subscriber, the replies gathered
    /// within a window.
    PublishAsyncResponses,
}

impl Style {
    fn label(self) -> &'static str {
        match self {
            Style::Oneway => "notification",
            Style::RequestResponse => "request/response",
            Style::PublishSubscribe => "publish/subscribe",
            Style::PublishAsyncResponses => "publish/async",
        }
    }
}

/// The wire of a raw Thrift TCP link, e.g. `compact/framed-tcp`.
pub fn tcp_wire(protocol: Protocol, framing: Framing) -> String {
    format!("{protocol}/{framing}-tcp")
}

/// The wire of a link through a broker, e.g. `binary/embedded` or
/// `compact/amqp`.
pub fn broker_wire(protocol: Protocol, broker: &str) -> String {
    format!("{protocol}/{broker}")
}

/// The wire of a Thrift-over-HTTP link, e.g. `json/http`.
pub fn http_wire(protocol: Protocol) -> String {
    format!("{protocol}/http")
}

/// One message, as its sender saw it.
#[derive(Debug, Clone)]
pub struct Message {
    /// Who sent it.
    pub from: &'static str,
    /// Who received it.
    pub to: &'static str,
    /// The IDL method.
    pub method: &'static str,
    /// What it was about (`trip 3`).
    pub subject: String,
    /// Notification or request/response.
    pub style: Style,
    /// Protocol and transport (`binary/framed-tcp`).
    pub wire: String,
    /// What came back (or `sent` for a notification).
    pub outcome: String,
}

#[derive(Debug)]
struct Entry {
    message: Message,
    latency: Duration,
}

/// Collects and prints messages; shared by every service of the demo.
#[derive(Debug)]
pub struct FlowLog {
    start: Instant,
    entries: Mutex<Vec<Entry>>,
    print: bool,
}

impl FlowLog {
    /// A log whose clock starts now; `print` echoes each message at once.
    pub fn new(print: bool) -> Self {
        FlowLog {
            start: Instant::now(),
            entries: Mutex::new(Vec::new()),
            print,
        }
    }

    /// Records `message`, sent at `sent_at` and completed now, and prints
    /// it.
    pub fn record(&self, message: Message, sent_at: Instant) {
        self.push(message, sent_at, true);
    }

    /// Records `message` for the summary without printing it (a status poll
    /// that saw nothing new).
    pub fn record_quietly(&self, message: Message, sent_at: Instant) {
        self.push(message, sent_at, false);
    }

    fn push(&self, message: Message, sent_at: Instant, print: bool) {
        let now = Instant::now();
        let latency = now.saturating_duration_since(sent_at);
        if self.print && print {
            println!(
                "[{:>8.2} ms] {:<15} -> {:<17} {:<15} {:<9} {:<17} {:<20} {:>7.2} ms  {}",
                millis(now.saturating_duration_since(self.start)),
                message.from,
                message.to,
                message.method,
                message.subject,
                message.style.label(),
                message.wire,
                millis(latency),
                message.outcome,
            );
        }
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Entry { message, latency });
    }

    /// How many messages of `method` were recorded.
    pub fn count(&self, method: &str) -> usize {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .filter(|entry| entry.message.method == method)
            .count()
    }

    /// How many messages of `method` were recorded with an outcome
    /// starting with `outcome`.
    pub fn count_where(&self, method: &str, outcome: &str) -> usize {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .filter(|entry| {
                entry.message.method == method && entry.message.outcome.starts_with(outcome)
            })
            .count()
    }

    /// Time since the log was created.
    pub fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    /// A table with one row per kind of message (in order of first
    /// appearance): count, median and slowest latency.
    pub fn summary(&self) -> String {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let mut kinds: Vec<(&'static str, &'static str, &'static str, Style, &str)> = entries
            .iter()
            .map(|e| {
                let m = &e.message;
                (m.from, m.to, m.method, m.style, m.wire.as_str())
            })
            .collect();
        let mut seen = Vec::new();
        kinds.retain(|kind| {
            let new = !seen.contains(kind);
            if new {
                seen.push(*kind);
            }
            new
        });
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<15}    {:<17} {:<15} {:<17} {:<20} {:>5} {:>9} {:>9}",
            "from", "to", "method", "style", "wire", "count", "p50", "max"
        );
        for (from, to, method, style, wire) in kinds {
            let mut latencies: Vec<Duration> = entries
                .iter()
                .filter(|e| {
                    let m = &e.message;
                    (m.from, m.to, m.method, m.style, m.wire.as_str())
                        == (from, to, method, style, wire)
                })
                .map(|e| e.latency)
                .collect();
            latencies.sort_unstable();
            let median = latencies
                .get(latencies.len() / 2)
                .copied()
                .unwrap_or_default();
            let max = latencies.last().copied().unwrap_or_default();
            let _ = writeln!(
                out,
                "{from:<15} -> {to:<17} {method:<15} {:<17} {wire:<20} {:>5} {:>6.2} ms {:>6.2} ms",
                style.label(),
                latencies.len(),
                millis(median),
                millis(max),
            );
        }
        out
    }
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
