//! Calls of every kind over loopback, for every protocol and framing, against
//! a server pinned to that combination and against an auto-detecting one.

// Helpers outside `#[test]` functions unwrap too.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use trift::{ApplicationExceptionKind, Server};
use trift_rpc_tests::generated::rpc_test::{CalculatorClient, CalculatorDivideError};
use trift_rpc_tests::harness::{COMBINATIONS, client, start, start_pinned};

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
            Err(CalculatorDivideError::Zero(err)) => assert_eq!(err.message, "division by zero"),
            other => panic!("{protocol} {framing}: expected Zero, got {other:?}"),
        }
        match client.divide(i32::MIN, -1).await {
            Err(CalculatorDivideError::Overflow(err)) => assert_eq!(err.dividend, i32::MIN),
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
            Err(trift::Error::Application(err)) => {
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
        let channel = trift::Channel::builder(auto.addr)
            .protocol(protocol)
            .framing(framing)
            .call_timeout(Duration::from_secs(60))
            .build();
        let client = CalculatorClient::new(channel);
        // Well above the 64 KiB under which unframed messages are rescanned
        // on every read, with characters JSON must escape. JSON is smaller
        // only because unoptimized test builds encode it slowly.
        let repeats = if protocol == trift::Protocol::Json {
            32
        } else {
            128
        };
        let entry: String = "large \"entry\" \\ ".repeat(repeats * 1024);
        client.record(entry.clone()).await.unwrap();
        let back = client.last_entry().await.unwrap();
        assert!(back == entry, "{protocol} {framing}");
    }
}

#[tokio::test]
async fn non_strict_binary_calls_are_detected_and_answered() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let auto = start(Server::builder()).await;
    // Apache's old header: name length, name, type byte, seqid; then the
    // empty ping_args struct.
    let mut call = Vec::new();
    call.extend_from_slice(&4i32.to_be_bytes());
    call.extend_from_slice(b"ping");
    call.push(1);
    call.extend_from_slice(&9i32.to_be_bytes());
    call.push(0);
    let mut framed = (call.len() as u32).to_be_bytes().to_vec();
    framed.extend_from_slice(&call);
    for (request, prefix) in [(call, 0), (framed, 4)] {
        let mut stream = tokio::net::TcpStream::connect(auto.addr).await.unwrap();
        stream.write_all(&request).await.unwrap();
        let mut reply = vec![0u8; prefix + 28];
        stream.read_exact(&mut reply).await.unwrap();
        let body = &reply[prefix..];
        assert_eq!(&body[..4], &[0x80, 0x01, 0x00, 0x02]);
        assert_eq!(&body[8..12], b"ping");
        assert_eq!(&body[12..16], &9i32.to_be_bytes());
        assert_eq!(&body[body.len() - 5..body.len() - 1], b"pong");
    }
}

#[tokio::test]
async fn calls_buffered_before_the_client_closes_its_side_are_still_served() {
    use tokio::io::AsyncWriteExt;
    let mut auto = start(Server::builder().max_concurrent_requests_per_connection(1)).await;
    // Three oneway calls and a half-close in one go, taken one at a time
    // (cap 1): the end of input must not drop calls already received.
    let mut stream = tokio::net::TcpStream::connect(auto.addr).await.unwrap();
    let mut bytes = Vec::new();
    for i in 0..3i32 {
        let name = b"notify";
        let event = format!("half-closed {i}");
        let mut body = vec![0x80, 0x01, 0x00, 0x04];
        body.extend_from_slice(&(name.len() as i32).to_be_bytes());
        body.extend_from_slice(name);
        body.extend_from_slice(&i.to_be_bytes());
        body.extend_from_slice(&[11, 0, 1]);
        body.extend_from_slice(&(event.len() as i32).to_be_bytes());
        body.extend_from_slice(event.as_bytes());
        body.push(0);
        bytes.extend_from_slice(&(body.len() as u32).to_be_bytes());
        bytes.extend_from_slice(&body);
    }
    stream.write_all(&bytes).await.unwrap();
    stream.shutdown().await.unwrap();
    for i in 0..3 {
        let seen = tokio::time::timeout(Duration::from_secs(5), auto.events.recv()).await;
        assert_eq!(seen.unwrap().unwrap(), format!("half-closed {i}"));
    }
}
