//! Call context end to end: headers both ways over THeader and HTTP, none
//! on the wire over plain framed, the deadline inherited and enforced
//! across two hops, and the `traceparent` continued (the server's span
//! itself is checked in `call_context_span.rs`).

#![allow(clippy::unwrap_used)]

use std::sync::atomic::Ordering;
use std::time::Duration;

use trift::context::{Call, TraceParent};
use trift::{Channel, Framing, HttpChannel, TransportError};
use trift_rpc_tests::context_hops::{carrying, start_hop};
use trift_rpc_tests::generated::call_context::HopClient;

#[tokio::test]
async fn headers_cross_both_ways_over_theader_and_http() {
    let hop = start_hop("hop-1", None).await;
    for (transport, channel) in carrying(hop.addr) {
        let client = HopClient::new(channel);
        let (seen, reply) = Call::new()
            .header("tenant", "acme")
            .header("request-id", "r-17")
            .run(client.inspect(false, 0))
            .await;
        let seen = seen.unwrap();
        assert_eq!(
            seen.headers.get("tenant").map(String::as_str),
            Some("acme"),
            "{transport}"
        );
        assert_eq!(
            seen.headers.get("request-id").map(String::as_str),
            Some("r-17"),
            "{transport}"
        );
        // The deadline and trace are read into their own fields.
        for key in ["client_timeout", "client-timeout", "traceparent"] {
            assert!(
                !seen.headers.contains_key(key),
                "{transport}: {key} in {:?}",
                seen.headers
            );
        }
        assert_eq!(
            reply.get("served-by"),
            Some("hop-1"),
            "{transport}: {reply:?}"
        );
    }
}

#[tokio::test]
async fn plain_framed_and_unframed_carry_no_context() {
    let hop = start_hop("hop-1", None).await;
    for framing in [Framing::Framed, Framing::Unframed] {
        let client = HopClient::new(
            Channel::builder(hop.addr)
                .framing(framing)
                .call_timeout(Duration::from_secs(10))
                .build(),
        );
        let (seen, reply) = Call::new()
            .header("tenant", "acme")
            .run(client.inspect(false, 0))
            .await;
        let seen = seen.unwrap();
        assert!(seen.headers.is_empty(), "{framing:?}: {:?}", seen.headers);
        assert_eq!(seen.remaining_ms, -1, "{framing:?}");
        assert!(seen.trace_id.is_empty(), "{framing:?}");
        assert!(reply.is_empty(), "{framing:?}: {reply:?}");
    }
}

#[tokio::test]
async fn an_invalid_http_header_fails_the_call_before_sending() {
    let hop = start_hop("hop-1", None).await;
    let channel = HttpChannel::builder(format!("http://{}/", hop.addr))
        .build()
        .unwrap();
    let (result, _) = Call::new()
        .header("not a header name", "x")
        .run(HopClient::new(channel).inspect(false, 0))
        .await;
    match result {
        Err(trift::Error::Transport(TransportError::InvalidHeader(why))) => {
            assert!(why.contains("not a header name"), "{why}");
        }
        other => panic!("expected InvalidHeader, got {other:?}"),
    }
}

#[tokio::test]
async fn the_deadline_is_inherited_across_two_hops_and_enforced() {
    let timeout = Duration::from_millis(800);
    // first -> second over each carrying transport; the test -> first over THeader.
    let last = start_hop("second", None).await;
    for (transport, to_last) in carrying(last.addr) {
        let first = start_hop("first", Some(to_last)).await;
        let client = HopClient::new(
            Channel::builder(first.addr)
                .framing(Framing::Header)
                .call_timeout(Duration::from_secs(30))
                .build(),
        );
        let (seen, _) = Call::new()
            .timeout(timeout)
            .run(client.inspect(true, 0))
            .await;
        let seen = seen.unwrap();
        let next = seen.next.as_deref().unwrap();
        let limit = i64::try_from(timeout.as_millis()).unwrap();
        assert!(
            (0..=limit).contains(&seen.remaining_ms),
            "{transport}: first hop saw {} ms",
            seen.remaining_ms
        );
        // The second hop got what was left, not its channel's 10 s (the
        // wire rounds up to whole milliseconds: at most one more).
        assert!(
            (0..=seen.remaining_ms + 1).contains(&next.remaining_ms),
            "{transport}: second hop saw {} ms, first {} ms",
            next.remaining_ms,
            seen.remaining_ms
        );

        // A second hop slower than the deadline: the caller gets its timeout,
        // and the second hop's server drops the handler once the inherited
        // deadline passes instead of finishing it.
        let abandoned = last.sleeps.abandoned.load(Ordering::SeqCst);
        let finished = last.sleeps.finished.load(Ordering::SeqCst);
        let (result, _) = Call::new()
            .timeout(Duration::from_millis(300))
            .run(client.inspect(true, 5_000))
            .await;
        assert!(
            matches!(
                result,
                Err(trift::Error::Transport(TransportError::CallTimeout(_)))
            ),
            "{transport}: {result:?}"
        );
        let mut waited = Duration::ZERO;
        while last.sleeps.abandoned.load(Ordering::SeqCst) == abandoned
            && waited < Duration::from_secs(4)
        {
            tokio::time::sleep(Duration::from_millis(20)).await;
            waited += Duration::from_millis(20);
        }
        assert_eq!(
            last.sleeps.abandoned.load(Ordering::SeqCst),
            abandoned + 1,
            "{transport}: the second hop's handler was not dropped at the deadline"
        );
        assert_eq!(
            last.sleeps.finished.load(Ordering::SeqCst),
            finished,
            "{transport}"
        );
    }
}

#[tokio::test]
async fn the_traceparent_is_continued_across_two_hops() {
    let last = start_hop("second", None).await;
    for (transport, to_last) in carrying(last.addr) {
        let first = start_hop("first", Some(to_last)).await;
        for (_, to_first) in carrying(first.addr) {
            let client = HopClient::new(to_first);
            let root = TraceParent::new_root();
            let (seen, _) = Call::new()
                .trace_parent(root)
                .run(client.inspect(true, 0))
                .await;
            let seen = seen.unwrap();
            let next = seen.next.as_deref().unwrap();
            assert_eq!(seen.trace_id, root.trace_id_hex(), "{transport}");
            assert_eq!(seen.parent_span_id, root.parent_id_hex(), "{transport}");
            assert_eq!(next.trace_id, root.trace_id_hex(), "{transport}");
            assert_eq!(next.parent_span_id, seen.span_id, "{transport}");
            assert_ne!(next.span_id, seen.span_id, "{transport}");
        }
    }
}
