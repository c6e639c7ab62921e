//! Calls of every kind over loopback, for every protocol and framing, against
//! a server pinned to that combination and against an auto-detecting one.

#[path = "support/rpc_harness.rs"]
mod rpc_harness;
#[macro_use]
#[path = "support/rpc_test_service.rs"]
mod rpc_test_service;

use std::time::Duration;

use rpc_harness::{COMBINATIONS, client, start, start_pinned};
use rpc_test_service::calculator::DivideError;
use trift::{ApplicationExceptionKind, Server};

#[tokio::test]
async fn two_way_void_no_arg_and_inherited_calls_work_everywhere() {
    let auto = start(Server::builder()).await;
    for (protocol, framing) in COMBINATIONS {
        let pinned = start_pinned(protocol, framing).await;
        for addr in [pinned.addr, auto.addr] {
            let client = client(addr, protocol, framing);
            let what = format!("{protocol} {framing} {addr}");
            assert_eq!(client.add(2, 40).await.unwrap(), 42, "{what}");
            assert_eq!(client.add(i32::MAX, 1).await.unwrap(), 1 << 31, "{what}");
            client.record(format!("entry {what}")).await.unwrap();
            assert_eq!(client.last_entry().await.unwrap(), format!("entry {what}"));
            assert_eq!(client.ping().await.unwrap(), "pong", "{what}");
        }
    }
}

#[tokio::test]
async fn oneway_calls_reach_the_server() {
    let mut auto = start(Server::builder()).await;
    for (protocol, framing) in COMBINATIONS {
        let mut pinned = start_pinned(protocol, framing).await;
        for server in [&mut pinned, &mut auto] {
            let client = client(server.addr, protocol, framing);
            let event = format!("event {protocol} {framing}");
            client.notify(event.clone()).await.unwrap();
            let seen = tokio::time::timeout(Duration::from_secs(5), server.events.recv())
                .await
                .unwrap();
            assert_eq!(seen.as_deref(), Some(event.as_str()));
            // The connection still works after a oneway call (nothing was
            // answered that could be mistaken for the next reply).
            assert_eq!(client.add(1, 1).await.unwrap(), 2);
        }
    }
}

#[tokio::test]
async fn declared_exceptions_arrive_as_their_variants() {
    let auto = start(Server::builder()).await;
    for (protocol, framing) in COMBINATIONS {
        let client = client(auto.addr, protocol, framing);
        assert_eq!(client.divide(7, 2).await.unwrap(), 3);
        match client.divide(1, 0).await {
            Err(DivideError::Zero(err)) => assert_eq!(err.message, "division by zero"),
            other => panic!("{protocol} {framing}: expected Zero, got {other:?}"),
        }
        match client.divide(i32::MIN, -1).await {
            Err(DivideError::Overflow(err)) => assert_eq!(err.dividend, i32::MIN),
            other => panic!("{protocol} {framing}: expected Overflow, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_panicking_handler_is_an_internal_error_and_the_server_keeps_serving() {
    let auto = start(Server::builder()).await;
    for (protocol, framing) in COMBINATIONS {
        let client = client(auto.addr, protocol, framing);
        match client.crash().await {
            Err(rpc_test_service::calculator::CrashError::Application(err)) => {
                assert_eq!(err.kind, ApplicationExceptionKind::InternalError);
            }
            other => panic!("{protocol} {framing}: expected INTERNAL_ERROR, got {other:?}"),
        }
        assert_eq!(client.add(3, 4).await.unwrap(), 7);
    }
}

#[tokio::test]
async fn large_messages_cross_every_framing() {
    let auto = start(Server::builder()).await;
    for (protocol, framing) in COMBINATIONS {
        let client = client(auto.addr, protocol, framing);
        // Two megabytes with characters JSON must escape.
        let entry: String = "large \"entry\" \\ ".repeat(128 * 1024);
        client.record(entry.clone()).await.unwrap();
        assert!(
            client.last_entry().await.unwrap() == entry,
            "{protocol} {framing}"
        );
    }
}
