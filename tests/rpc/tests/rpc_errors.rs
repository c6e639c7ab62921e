//! Calls the server must refuse, and bytes it must survive.

// Helpers outside `#[test]` functions unwrap too.
#![allow(clippy::unwrap_used)]

use std::borrow::Cow;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tower::ServiceExt;
use trift::protocol::MessageType;
use trift::{
    ApplicationExceptionKind, Channel, ClientRequest, Error, Framing, Protocol, Server,
    TransportError,
};

use trift_rpc_tests::generated::rpc_test::{BasePingArgs, BasePingResult, CalculatorClient};
use trift_rpc_tests::harness::{COMBINATIONS, client, plain_channel, start};

async fn application_error(channel: &Channel, request: ClientRequest) -> ApplicationExceptionKind {
    let reply = channel.clone().oneshot(request).await.unwrap();
    match reply.decode_result::<BasePingResult>() {
        Err(Error::Application(err)) => err.kind,
        other => panic!("expected an application exception, got {other:?}"),
    }
}

#[tokio::test]
async fn unknown_methods_wrong_message_types_and_bad_args_get_exceptions() {
    let server = start(Server::builder()).await;
    for (protocol, framing) in COMBINATIONS {
        let channel = plain_channel(server.addr, protocol, framing);
        let unknown = ClientRequest::call("no_such_method", BasePingArgs {});
        assert_eq!(
            application_error(&channel, unknown).await,
            ApplicationExceptionKind::UnknownMethod
        );
        let reply_to_server = ClientRequest {
            method: Cow::Borrowed("ping"),
            kind: MessageType::Reply,
            args: Arc::new(BasePingArgs {}),
            idempotent: false,
        };
        assert_eq!(
            application_error(&channel, reply_to_server).await,
            ApplicationExceptionKind::InvalidMessageType
        );
        // `add` without its required arguments.
        let bad_args = ClientRequest::call("add", BasePingArgs {});
        assert_eq!(
            application_error(&channel, bad_args).await,
            ApplicationExceptionKind::ProtocolError
        );
        // The connection is still good.
        let client = CalculatorClient::new(channel);
        assert_eq!(
            client.add(20, 22).await.unwrap(),
            42,
            "{protocol} {framing}"
        );
    }
}

/// Sends `bytes` on a fresh connection and returns what the server answers
/// before closing it (the server must close it within a few seconds).
async fn send_raw(addr: std::net::SocketAddr, bytes: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the server kept a malformed connection open");
    answer
}

#[tokio::test]
async fn malformed_bytes_close_the_connection_and_the_server_survives() {
    let server = start(Server::builder().read_timeout(Duration::from_millis(500))).await;
    let garbage: Vec<&[u8]> = vec![
        b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        // Strict binary with a bad version.
        &[0x80, 0x07, 0, 1, 0, 0, 0, 0],
        // A frame larger than the 16 MB default.
        &[0, 0xff, 0xff, 0xff, 0x80, 0x01, 0, 1],
        // A framed compact message whose header is garbage.
        &[0, 0, 0, 4, 0x82, 0xff, 0xff, 0xff],
        // Unframed JSON garbage.
        b"[1,\"ping\",1,0,{\"1\":{\"zz\":}}]",
        // A few bytes and then silence (read timeout).
        &[0x80, 0x01],
    ];
    for bytes in garbage {
        send_raw(server.addr, bytes).await;
    }
    // An unframed binary call with a valid header but an undecodable body:
    // answered with an exception (the seqid is known), then closed.
    let mut call = vec![0x80, 0x01, 0x00, 0x01];
    call.extend_from_slice(&4i32.to_be_bytes());
    call.extend_from_slice(b"ping");
    call.extend_from_slice(&7i32.to_be_bytes());
    call.extend_from_slice(&[0x42, 0x00, 0x01]); // field of unknown type 0x42
    let answer = send_raw(server.addr, &call).await;
    assert!(answer.starts_with(&[0x80, 0x01, 0x00, 0x03]), "{answer:?}");
    assert!(
        answer.windows(4).any(|w| w == 7i32.to_be_bytes()),
        "{answer:?}"
    );
    for (protocol, framing) in COMBINATIONS {
        let client = client(server.addr, protocol, framing);
        assert_eq!(client.ping().await.unwrap(), "pong");
    }
}

#[tokio::test]
async fn calls_beyond_max_in_flight_fail_fast_with_overloaded() {
    let server = start(Server::builder()).await;
    let channel = Channel::builder(server.addr).max_in_flight(2).build();
    let client = CalculatorClient::new(channel);
    let slow_a = tokio::spawn(client.delayed_echo(1, 500));
    let slow_b = tokio::spawn(client.delayed_echo(2, 500));
    tokio::time::sleep(Duration::from_millis(50)).await;
    let started = Instant::now();
    match client.delayed_echo(3, 0).await {
        Err(trift::Error::Refused(trift::Refusal::Overloaded)) => {}
        other => panic!("expected Overloaded, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_millis(400));
    assert_eq!(slow_a.await.unwrap().unwrap(), 1);
    assert_eq!(slow_b.await.unwrap().unwrap(), 2);
    // Slots are given back.
    assert_eq!(client.delayed_echo(4, 0).await.unwrap(), 4);
}

#[tokio::test]
async fn a_server_of_another_protocol_is_an_error_not_a_hang() {
    let server = start(
        Server::builder()
            .protocol(Protocol::Compact)
            .framing(Framing::Framed),
    )
    .await;
    let client = client(server.addr, Protocol::Binary, Framing::Framed);
    let started = Instant::now();
    assert!(client.ping().await.is_err());
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_call_outside_a_tokio_runtime_fails_instead_of_panicking() {
    use futures_util::FutureExt;
    use tower::Service;
    let mut channel = Channel::builder("127.0.0.1:9").build();
    let call = channel.call(ClientRequest::call("ping", BasePingArgs {}));
    match call.now_or_never() {
        Some(Err(Error::Transport(TransportError::Io(_)))) => {}
        other => panic!("expected an immediate I/O error, got {other:?}"),
    }
}
