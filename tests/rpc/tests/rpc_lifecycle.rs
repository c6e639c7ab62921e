//! Concurrency, deadlines, broken connections, timeouts and graceful
//! shutdown. Time bounds here are generous correctness bounds, not speed
//! assertions.

// Helpers outside `#[test]` functions unwrap too.
#![allow(clippy::unwrap_used)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;
use trift::{Channel, Framing, Protocol, Server, TransportError};

use trift_rpc_tests::generated::rpc_test::{CalculatorClient, CalculatorServer};
use trift_rpc_tests::handlers::TestHandler;
use trift_rpc_tests::harness::{self, COMBINATIONS, client, shut_down_with_calls_in_flight, start};
use trift_rpc_tests::sockets::{connect_reading_little, last_entry_call, read_until_closed};

/// A deterministic spread of sleeps so completion order differs from
/// issue order.
fn sleep_ms(i: i32) -> i32 {
    (i * 7919) % 23
}

#[tokio::test]
async fn a_thousand_concurrent_calls_on_one_client_are_answered_out_of_order() {
    let server = start(Server::builder().max_concurrent_requests_per_connection(1000)).await;
    for (protocol, framing) in COMBINATIONS {
        let client = client(server.addr, protocol, framing);
        let completions = Arc::new(Mutex::new(Vec::new()));
        let calls = (0..1000).map(|i| {
            let call = client.delayed_echo(i, sleep_ms(i));
            let completions = Arc::clone(&completions);
            async move {
                let value = call.await.unwrap();
                assert_eq!(value, i);
                completions.lock().unwrap().push(i);
            }
        });
        join_all(calls).await;
        let order = completions.lock().unwrap().clone();
        assert_eq!(order.len(), 1000);
        assert!(
            order.windows(2).any(|pair| pair[0] > pair[1]),
            "{protocol} {framing}: replies came back in issue order"
        );
        // One connection carried all of them.
        assert_eq!(client.service().in_flight(), 0);
    }
}

#[tokio::test]
async fn a_call_past_its_deadline_fails_and_the_late_reply_is_dropped() {
    let server = start(Server::builder()).await;
    let channel = Channel::builder(server.addr)
        .call_timeout(Duration::from_millis(300))
        .build();
    let client = CalculatorClient::new(channel);
    let started = Instant::now();
    match client.delayed_echo(1, 1500).await {
        Err(trift::Error::Transport(TransportError::CallTimeout(_))) => {}
        other => panic!("expected CallTimeout, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_millis(300 + 1000));
    // Later calls on the same connection are unaffected, including after the
    // late reply has arrived.
    assert_eq!(client.delayed_echo(2, 0).await.unwrap(), 2);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(client.delayed_echo(3, 0).await.unwrap(), 3);
}

#[test]
fn killing_the_server_fails_pending_calls_at_once_and_the_next_call_reconnects() {
    let server_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let bound = server_runtime
        .block_on(Server::builder().bind("127.0.0.1:0"))
        .unwrap();
    let addr = bound.local_addr();
    let (handler, _events) = TestHandler::new();
    server_runtime.spawn(bound.serve(CalculatorServer::new(handler)));

    let client_runtime = tokio::runtime::Runtime::new().unwrap();
    client_runtime.block_on(async move {
        let channel = Channel::builder(addr)
            .call_timeout(Duration::from_secs(2))
            .build();
        let client = CalculatorClient::new(channel);
        assert_eq!(client.add(1, 2).await.unwrap(), 3);
        let pending: Vec<_> = (0..10)
            .map(|i| tokio::spawn(client.delayed_echo(i, 10_000)))
            .collect();
        tokio::time::sleep(Duration::from_millis(200)).await;
        let killed = Instant::now();
        server_runtime.shutdown_background();
        for call in pending {
            match call.await.unwrap() {
                Err(trift::Error::Transport(
                    TransportError::ConnectionClosed | TransportError::Io(_),
                )) => {}
                other => panic!("expected a connection error, got {other:?}"),
            }
        }
        // Within the 2 s deadline plus slack: failed by the broken
        // connection, not by the deadline.
        assert!(killed.elapsed() < Duration::from_secs(3));

        // While nothing listens, calls fail (connection refused) instead of
        // hanging; once a server is back on the same port, the next call
        // reconnects.
        assert!(client.add(1, 1).await.is_err());
        let restarted = Server::builder().bind(addr).await.unwrap();
        let (handler, _events) = TestHandler::new();
        tokio::spawn(restarted.serve(CalculatorServer::new(handler)));
        assert_eq!(client.add(1, 1).await.unwrap(), 2);
    });
}

#[tokio::test]
async fn the_next_call_reconnects_after_the_server_closed_the_connection() {
    let server = start(Server::builder().idle_timeout(Duration::from_millis(200))).await;
    let client = client(server.addr, Protocol::Compact, Framing::Framed);
    assert_eq!(client.add(1, 2).await.unwrap(), 3);
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(client.add(2, 3).await.unwrap(), 5);
}

#[tokio::test]
async fn graceful_shutdown_finishes_calls_in_flight() {
    let mut server = start(Server::builder()).await;
    shut_down_with_calls_in_flight(&mut server).await;
}

#[tokio::test]
async fn a_silent_client_is_timed_out_while_others_are_served() {
    let server = start(
        Server::builder()
            .idle_timeout(Duration::from_millis(300))
            .read_timeout(Duration::from_millis(300)),
    )
    .await;
    let started = Instant::now();
    let mut silent = TcpStream::connect(server.addr).await.unwrap();
    let mut half = TcpStream::connect(server.addr).await.unwrap();
    tokio::io::AsyncWriteExt::write_all(&mut half, &[0, 0, 0, 50, 0x80, 0x01])
        .await
        .unwrap();
    let client = client(server.addr, Protocol::Binary, Framing::Framed);
    for i in 0..5 {
        assert_eq!(client.add(i, 1).await.unwrap(), i64::from(i) + 1);
    }
    for stream in [&mut silent, &mut half] {
        let mut buf = [0u8; 16];
        let read = tokio::time::timeout(Duration::from_secs(3), stream.read(&mut buf)).await;
        assert!(
            matches!(read, Ok(Ok(0)) | Ok(Err(_))),
            "expected the server to close the connection"
        );
    }
    assert!(started.elapsed() < Duration::from_secs(3));
    // The idle timeout closed `client`'s connection too, so a fresh client
    // checks the server is still serving.
    let fresh = harness::client(server.addr, Protocol::Json, Framing::Unframed);
    assert_eq!(fresh.ping().await.unwrap(), "pong");
}

#[tokio::test]
async fn at_the_connection_cap_a_new_client_takes_an_idle_clients_place() {
    let server = start(Server::builder().max_connections(1)).await;
    let first = client(server.addr, Protocol::Binary, Framing::Framed);
    assert_eq!(first.add(1, 1).await.unwrap(), 2);
    // `first` is idle now: at the cap, its connection makes room.
    let second = CalculatorClient::new(
        Channel::builder(server.addr)
            .call_timeout(Duration::from_secs(1))
            .build(),
    );
    assert_eq!(second.add(2, 2).await.unwrap(), 4);
    // `first` reconnects on its next call, in `second`'s place.
    let again = tokio::time::timeout(Duration::from_secs(5), first.add(3, 3)).await;
    assert_eq!(again.unwrap().unwrap(), 6);
}

/// Whether the server closes `stream` within `within`.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 16];
    matches!(
        tokio::time::timeout(within, stream.read(&mut buf)).await,
        Ok(Ok(0) | Err(_))
    )
}

#[tokio::test]
async fn the_read_timeout_applies_to_started_messages_and_the_idle_timeout_to_silence() {
    let server = start(
        Server::builder()
            .idle_timeout(Duration::from_secs(60))
            .read_timeout(Duration::from_millis(300)),
    )
    .await;
    let mut silent = TcpStream::connect(server.addr).await.unwrap();
    let mut half = TcpStream::connect(server.addr).await.unwrap();
    tokio::io::AsyncWriteExt::write_all(&mut half, &[0, 0, 0, 50, 0x80, 0x01])
        .await
        .unwrap();
    assert!(closed_within(&mut half, Duration::from_secs(3)).await);
    // Silence is governed by the (long) idle timeout, not the read timeout.
    assert!(!closed_within(&mut silent, Duration::from_millis(800)).await);
}

#[tokio::test]
async fn unbounded_timeouts_mean_never() {
    let server = start(
        Server::builder()
            .idle_timeout(Duration::MAX)
            .read_timeout(Duration::MAX),
    )
    .await;
    let client = client(server.addr, Protocol::Binary, Framing::Unframed);
    assert_eq!(client.add(1, 2).await.unwrap(), 3);
    let mut silent = TcpStream::connect(server.addr).await.unwrap();
    assert!(!closed_within(&mut silent, Duration::from_millis(300)).await);
    assert_eq!(client.add(2, 2).await.unwrap(), 4);
}

#[tokio::test]
async fn a_client_that_never_reads_its_replies_is_not_buffered_for_and_is_closed() {
    const ENTRY: usize = 1 << 20;
    const CALLS: i32 = 300;
    let server = start(
        Server::builder()
            .protocol(Protocol::Binary)
            .framing(Framing::Framed)
            .read_timeout(Duration::from_millis(500)),
    )
    .await;
    let client = client(server.addr, Protocol::Binary, Framing::Framed);
    client.record("x".repeat(ENTRY)).await.unwrap();

    // 300 calls for a 1 MiB reply each, sent at once and never read.
    let mut greedy = connect_reading_little(server.addr).await;
    let calls: Vec<u8> = (1..=CALLS)
        .flat_map(|seqid| {
            let call = last_entry_call(seqid);
            let mut frame = u32::try_from(call.len()).unwrap().to_be_bytes().to_vec();
            frame.extend_from_slice(&call);
            frame
        })
        .collect();
    tokio::io::AsyncWriteExt::write_all(&mut greedy, &calls)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    // The server took calls only while the socket buffers absorbed their
    // replies (a few MiB), not all 300 MiB.
    let answered = server
        .entries_read
        .load(std::sync::atomic::Ordering::Relaxed);
    assert!(
        (1..40).contains(&answered),
        "{answered} of {CALLS} calls answered for a client that reads nothing"
    );
    // Its write waited past the read timeout, so the connection is closed:
    // what was already sent can be read, then the stream ends.
    let read = read_until_closed(&mut greedy, Duration::from_secs(5)).await;
    let read = read.expect("the server kept a connection whose client reads nothing");
    assert!(read < answered * (ENTRY + 64), "{read} bytes read");
    // Others are served all along.
    assert_eq!(client.ping().await.unwrap(), "pong");
}
