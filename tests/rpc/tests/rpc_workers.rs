//! Serving on dedicated worker threads (`ServerBuilder::worker_threads`):
//! every protocol and framing, HTTP on an auto-detecting port, panics,
//! graceful shutdown, and the threads' lifetime. Time bounds here are
//! generous correctness bounds, not speed assertions.

// Helpers outside `#[test]` functions unwrap too.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use futures_util::future::join_all;
use trift::{ApplicationExceptionKind, Server};

use trift_rpc_tests::harness::{
    COMBINATIONS, PROTOCOLS, client, http_client, shut_down_with_calls_in_flight, start,
};

/// The tests look at the process's threads, so they run one at a time.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The names of this process's threads that are trift workers.
fn worker_threads() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir("/proc/self/task")
        .unwrap()
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("comm")).ok())
        .map(|name| name.trim().to_owned())
        .filter(|name| name.starts_with("trift-worker-"))
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn many_connections_are_served_by_the_worker_threads_in_every_protocol() {
    let _serial = SERIAL.lock().await;
    let server = start(Server::builder().worker_threads(2)).await;
    for (protocol, framing) in COMBINATIONS {
        // Eight connections (one per client), fifty calls in flight on each.
        let clients: Vec<_> = (0..8)
            .map(|_| client(server.addr, protocol, framing))
            .collect();
        let calls = clients.iter().enumerate().flat_map(|(c, client)| {
            (0..50).map(move |i| {
                let value = i32::try_from(c * 1000 + i).unwrap();
                async move {
                    let delay = value % 7;
                    assert_eq!(client.delayed_echo(value, delay).await.unwrap(), value);
                }
            })
        });
        join_all(calls).await;
        assert_eq!(worker_threads(), ["trift-worker-0", "trift-worker-1"]);
    }
}

#[tokio::test]
async fn a_handler_panic_on_a_worker_is_answered_and_the_worker_keeps_serving() {
    let _serial = SERIAL.lock().await;
    let server = start(Server::builder().worker_threads(1)).await;
    for (protocol, framing) in COMBINATIONS {
        let client = client(server.addr, protocol, framing);
        match client.crash().await {
            Err(trift::Error::Application(err)) => {
                assert_eq!(err.kind, ApplicationExceptionKind::InternalError);
            }
            other => panic!("{protocol} {framing}: expected INTERNAL_ERROR, got {other:?}"),
        }
        assert_eq!(client.add(3, 4).await.unwrap(), 7);
    }
}

#[tokio::test]
async fn graceful_shutdown_finishes_calls_on_the_workers_then_stops_them() {
    let _serial = SERIAL.lock().await;
    let mut server = start(Server::builder().worker_threads(2)).await;
    shut_down_with_calls_in_flight(&mut server).await;
    // The worker threads end once `serve` has returned.
    let deadline = Instant::now() + Duration::from_secs(5);
    while !worker_threads().is_empty() {
        assert!(
            Instant::now() < deadline,
            "workers still running: {:?}",
            worker_threads()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn one_auto_detecting_port_serves_raw_thrift_and_http_from_the_workers() {
    let _serial = SERIAL.lock().await;
    let server = start(Server::builder().worker_threads(2)).await;
    let url = format!("http://{}/", server.addr);
    for protocol in PROTOCOLS {
        assert_eq!(http_client(&url, protocol).add(2, 40).await.unwrap(), 42);
    }
    for (protocol, framing) in COMBINATIONS {
        assert_eq!(
            client(server.addr, protocol, framing)
                .add(1, 2)
                .await
                .unwrap(),
            3
        );
    }
    assert_eq!(worker_threads(), ["trift-worker-0", "trift-worker-1"]);
}
