//! The caller's `traceparent` becomes the parent of the server's `rpc` span,
//! over THeader and HTTP.
//!
//! Alone in its own test binary with a global subscriber: tracing caches
//! each callsite's interest process-wide, so a thread-local subscriber in a
//! binary whose other tests hit the same callsite concurrently can miss it.

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use trift::context::{Call, TraceParent};
use trift_rpc_tests::context_hops::{carrying, start_hop};
use trift_rpc_tests::generated::call_context::HopClient;

/// The fields of every `rpc` span opened (installed as the global subscriber).
#[derive(Default, Clone)]
struct SpanLog(Arc<Mutex<Vec<HashMap<String, String>>>>);

struct FieldText<'a>(&'a mut HashMap<String, String>);

impl tracing::field::Visit for FieldText<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl tracing::Subscriber for SpanLog {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut spans = self.0.lock().unwrap();
        let mut fields = HashMap::new();
        fields.insert("name".to_owned(), span.metadata().name().to_owned());
        span.record(&mut FieldText(&mut fields));
        spans.push(fields);
        tracing::span::Id::from_u64(spans.len() as u64)
    }
    fn record(&self, span: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut spans = self.0.lock().unwrap();
        let at = usize::try_from(span.into_u64()).unwrap() - 1;
        if let Some(fields) = spans.get_mut(at) {
            values.record(&mut FieldText(fields));
        }
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, _: &tracing::Event<'_>) {}
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test(flavor = "current_thread")]
async fn the_traceparent_becomes_the_parent_of_the_server_span() {
    let log = SpanLog::default();
    tracing::subscriber::set_global_default(log.clone()).unwrap();
    let hop = start_hop("hop-1", None).await;
    for (transport, channel) in carrying(hop.addr) {
        let root = TraceParent::new_root();
        let (seen, _) = Call::new()
            .trace_parent(root)
            .run(HopClient::new(channel).inspect(false, 0))
            .await;
        let seen = seen.unwrap();
        let spans = log.0.lock().unwrap();
        let span = spans
            .iter()
            .rev()
            .find(|fields| {
                fields.get("name").map(String::as_str) == Some("rpc")
                    && fields.get("trace_id") == Some(&root.trace_id_hex())
            })
            .unwrap_or_else(|| panic!("{transport}: no rpc span of the trace in {spans:?}"));
        assert_eq!(
            span.get("parent_span_id"),
            Some(&root.parent_id_hex()),
            "{transport}"
        );
        assert_eq!(span.get("span_id"), Some(&seen.span_id), "{transport}");
        assert_eq!(
            span.get("method").map(String::as_str),
            Some("inspect"),
            "{transport}"
        );
    }
}
