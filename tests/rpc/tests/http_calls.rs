//! Thrift over HTTP between trift's `HttpChannel` and trift's server, for
//! every protocol: calls of every kind, HTTP errors (405, 404, 413), CORS,
//! keep-alive (one connection for many calls), deadlines, extra headers, a
//! request written by hand as curl sends it, a response the client never
//! reads, and one auto-detecting port serving raw Thrift and HTTP at once.

// Helpers outside `#[test]` functions unwrap too.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tower::Layer as _;
use trift::{Accept, ApplicationExceptionKind, HttpChannel, Protocol, Server, TransportError};
use trift_rpc_tests::generated::rpc_test::{
    BaseClient, CalculatorClient, CalculatorDivideError, CalculatorServer,
};
use trift_rpc_tests::handlers::TestHandler;
use trift_rpc_tests::harness::{COMBINATIONS, PROTOCOLS, client, http_channel, http_client, start};
use trift_rpc_tests::http_wire::{exchange, post};
use trift_rpc_tests::sockets::{
    CountingProxy, connect_reading_little, last_entry_call, read_until_closed,
};

fn http_server() -> trift::server::ServerBuilder {
    Server::builder().accept(Accept::Http).http_path("/thrift")
}

#[tokio::test]
async fn every_kind_of_call_works_over_http_in_every_protocol() {
    let mut server = start(http_server()).await;
    let url = format!("http://{}/thrift", server.addr);
    for protocol in PROTOCOLS {
        let client = http_client(&url, protocol);
        assert_eq!(client.add(2, 40).await.unwrap(), 42, "{protocol}");
        assert_eq!(client.ping().await.unwrap(), "pong", "{protocol}");
        client.record(format!("entry {protocol}")).await.unwrap();
        assert_eq!(
            client.last_entry().await.unwrap(),
            format!("entry {protocol}")
        );
        match client.divide(1, 0).await {
            Err(CalculatorDivideError::Zero(err)) => assert_eq!(err.message, "division by zero"),
            other => panic!("{protocol}: expected DivideByZero, got {other:?}"),
        }
        match client.divide(i32::MIN, -1).await {
            Err(CalculatorDivideError::Overflow(err)) => assert_eq!(err.dividend, i32::MIN),
            other => panic!("{protocol}: expected Overflow, got {other:?}"),
        }
        match client.crash().await {
            Err(trift::Error::Application(err)) => {
                assert_eq!(
                    err.kind,
                    ApplicationExceptionKind::InternalError,
                    "{protocol}"
                );
            }
            other => panic!("{protocol}: expected INTERNAL_ERROR, got {other:?}"),
        }
        client.notify(format!("event {protocol}")).await.unwrap();
        let seen = tokio::time::timeout(Duration::from_secs(5), server.events.recv())
            .await
            .unwrap();
        assert_eq!(seen.unwrap(), format!("event {protocol}"));
        // Concurrent calls on clones of one channel.
        let calls = (0..50).map(|i| {
            let client = client.clone();
            async move { client.delayed_echo(i, 50 - i).await }
        });
        let echoed = futures_util::future::join_all(calls).await;
        for (i, value) in echoed.into_iter().enumerate() {
            assert_eq!(value.unwrap(), i as i32, "{protocol}");
        }
    }
}

#[tokio::test]
async fn one_kept_alive_connection_carries_many_calls() {
    let server = start(http_server()).await;
    let proxy = CountingProxy::start(server.addr).await;
    let url = format!("http://{}/thrift", proxy.addr);
    for protocol in PROTOCOLS {
        let client = http_client(&url, protocol);
        for i in 0..100 {
            assert_eq!(client.add(i, 1).await.unwrap(), i64::from(i) + 1);
        }
        // A oneway call leaves the connection reusable too.
        client.notify("kept alive".to_owned()).await.unwrap();
        assert_eq!(client.add(1, 1).await.unwrap(), 2);
    }
    // One connection per channel (one channel per protocol).
    assert_eq!(proxy.accepted(), PROTOCOLS.len());
}

#[tokio::test]
async fn methods_other_than_post_get_405_and_preflights_are_answered() {
    let server = start(http_server()).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let get = b"GET /thrift HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    let response = exchange(&mut stream, get).await;
    assert_eq!(response.status, 405);
    assert_eq!(response.header("allow"), Some("POST, OPTIONS"));
    // The connection stays usable after an error status.
    let put = b"PUT /thrift HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n";
    assert_eq!(exchange(&mut stream, put).await.status, 405);
    let preflight = b"OPTIONS /thrift HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://example.com\r\n\
        Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\n\r\n";
    let response = exchange(&mut stream, preflight).await;
    assert_eq!(response.status, 204);
    assert_eq!(response.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        response.header("access-control-allow-methods"),
        Some("POST, OPTIONS")
    );
    assert_eq!(
        response.header("access-control-allow-headers"),
        Some("content-type")
    );
}

#[tokio::test]
async fn other_paths_get_404() {
    let server = start(http_server()).await;
    let client = http_client(
        &format!("http://{}/elsewhere", server.addr),
        Protocol::Binary,
    );
    match client.add(1, 2).await {
        Err(trift::Error::Transport(TransportError::HttpStatus(404))) => {}
        other => panic!("expected HTTP 404, got {other:?}"),
    }
}

#[tokio::test]
async fn bodies_above_the_limit_get_413() {
    let server = start(http_server().max_http_body_size(64 * 1024)).await;
    let url = format!("http://{}/thrift", server.addr);
    for protocol in PROTOCOLS {
        let client = http_client(&url, protocol);
        match client.record("x".repeat(100 * 1024)).await {
            Err(trift::Error::Transport(TransportError::HttpStatus(413))) => {}
            other => panic!("{protocol}: expected HTTP 413, got {other:?}"),
        }
        // Just below the limit passes.
        client.record("y".repeat(60 * 1024)).await.unwrap();
    }
    // Declared too large: refused before the body is sent.
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let head = b"POST /thrift HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-thrift\r\n\
        Content-Length: 1000000\r\n\r\n";
    let response = exchange(&mut stream, head).await;
    assert_eq!(response.status, 413);
    // Chunked, without a declared length: cut off at the limit.
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let mut chunked =
        b"POST /thrift HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..20 {
        chunked.extend_from_slice(b"1000\r\n");
        chunked.extend_from_slice(&[b'a'; 0x1000]);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    assert_eq!(exchange(&mut stream, &chunked).await.status, 413);
}

#[tokio::test]
async fn a_json_call_written_by_hand_as_curl_sends_it() {
    let server = start(http_server()).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let body = br#"[1,"add",1,7,{"1":{"i32":2},"2":{"i32":3}}]"#;
    let request = post("/thrift", "application/vnd.apache.thrift.json", body);
    let response = exchange(&mut stream, &request).await;
    assert_eq!(response.status_line, "HTTP/1.1 200 OK");
    assert_eq!(
        response.header("content-type"),
        Some("application/vnd.apache.thrift.json")
    );
    assert_eq!(response.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        String::from_utf8(response.body).unwrap(),
        r#"[1,"add",2,7,{"0":{"i64":5}}]"#
    );
    // application/json works too, and the reply mirrors it; an unknown
    // method is a TApplicationException UNKNOWN_METHOD (type 1).
    let body = br#"[1,"nope",1,8,{}]"#;
    let response = exchange(&mut stream, &post("/thrift", "application/json", body)).await;
    assert_eq!(response.header("content-type"), Some("application/json"));
    let text = String::from_utf8(response.body).unwrap();
    assert!(text.starts_with(r#"[1,"nope",3,8,{"#), "{text}");
    assert!(text.contains(r#""2":{"i32":1}"#), "{text}");
    // Not a Thrift message: 400.
    let response = exchange(&mut stream, &post("/thrift", "text/plain", b"hello")).await;
    assert_eq!(response.status, 400);
}

#[tokio::test]
async fn a_call_past_its_deadline_fails_in_time() {
    let server = start(http_server()).await;
    let channel = HttpChannel::builder(format!("http://{}/thrift", server.addr))
        .call_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let client = CalculatorClient::new(channel);
    let started = Instant::now();
    match client.delayed_echo(1, 5_000).await {
        Err(trift::Error::Transport(TransportError::CallTimeout(_))) => {}
        other => panic!("expected CallTimeout, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(client.add(1, 2).await.unwrap(), 3);
}

#[tokio::test]
async fn requests_carry_the_content_type_user_agent_and_extra_headers() {
    // A fake server that records the request head and answers one canned
    // binary reply in HTTP/1.0, closing afterwards as Python's THttpServer.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let recorded = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = stream.read(&mut chunk).await.unwrap();
            buf.extend_from_slice(&chunk[..n]);
        }
        // Reply to seqid 1: add -> 5 (i64 field 0).
        let mut reply = vec![0x80, 0x01, 0x00, 0x02, 0, 0, 0, 3];
        reply.extend_from_slice(b"add");
        reply.extend_from_slice(&[0, 0, 0, 1, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0]);
        let head = format!(
            "HTTP/1.0 200 OK\r\nContent-Type: application/x-thrift\r\nContent-Length: {}\r\n\r\n",
            reply.len()
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.write_all(&reply).await.unwrap();
        String::from_utf8_lossy(&buf).into_owned()
    });
    let channel = HttpChannel::builder(format!("http://{addr}/rpc"))
        .header("X-Api-Key", "secret")
        .header("x-trace", "t1")
        .call_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let client = CalculatorClient::new(channel);
    assert_eq!(client.add(2, 3).await.unwrap(), 5);
    let head = recorded.await.unwrap().to_ascii_lowercase();
    assert!(head.starts_with("post /rpc http/1.1\r\n"), "{head}");
    for line in [
        "content-type: application/x-thrift",
        "accept: application/x-thrift",
        concat!("user-agent: trift/", env!("CARGO_PKG_VERSION")),
        "x-api-key: secret",
        "x-trace: t1",
        "content-length: 30",
    ] {
        assert!(
            head.contains(&format!("\r\n{line}\r\n")),
            "{line} missing in {head}"
        );
    }
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = http_client(&format!("http://{addr}/"), Protocol::Binary);
    match client.add(1, 2).await {
        Err(trift::Error::Transport(err @ TransportError::Connect(_))) => {
            assert!(trift::Error::Transport(err).is_not_sent());
        }
        other => panic!("expected a connect error, got {other:?}"),
    }
}

#[tokio::test]
async fn invalid_channel_configurations_are_refused() {
    assert!(
        HttpChannel::builder("https://example.com/")
            .build()
            .is_err()
    );
    assert!(HttpChannel::builder("not a url").build().is_err());
    assert!(
        HttpChannel::builder("http://h/")
            .header("bad name", "v")
            .build()
            .is_err()
    );
    assert!(
        HttpChannel::builder("http://h/")
            .header("x", "bad\nvalue")
            .build()
            .is_err()
    );
}

#[tokio::test]
async fn one_auto_detecting_port_serves_raw_thrift_and_http_at_once() {
    let server = start(Server::builder()).await;
    let url = format!("http://{}/any/path", server.addr);
    for (protocol, framing) in COMBINATIONS {
        let raw = client(server.addr, protocol, framing);
        let over_http = http_client(&url, protocol);
        let (a, b) = tokio::join!(raw.add(1, 2), over_http.add(3, 4));
        assert_eq!((a.unwrap(), b.unwrap()), (3, 7), "{protocol} {framing}");
        let (a, b) = tokio::join!(raw.delayed_echo(5, 20), over_http.delayed_echo(6, 10));
        assert_eq!((a.unwrap(), b.unwrap()), (5, 6), "{protocol} {framing}");
    }
    // A request line arriving a byte at a time is still recognized.
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let request = post("/", "application/json", br#"[1,"ping",1,3,{}]"#);
    for byte in &request[..6] {
        stream.write_all(&[*byte]).await.unwrap();
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let response = exchange(&mut stream, &request[6..]).await;
    assert_eq!(
        String::from_utf8(response.body).unwrap(),
        r#"[1,"ping",2,3,{"0":{"str":"pong"}}]"#
    );
    // A server pinned to raw TCP does not speak HTTP.
    let tcp_only = start(Server::builder().accept(Accept::Raw)).await;
    let over_http = http_channel(&format!("http://{}/", tcp_only.addr), Protocol::Binary);
    let client = CalculatorClient::new(over_http);
    assert!(client.add(1, 2).await.is_err());
}

#[tokio::test]
async fn graceful_shutdown_finishes_http_calls_in_flight() {
    let mut server = start(http_server()).await;
    let client = http_client(&format!("http://{}/thrift", server.addr), Protocol::Compact);
    let calls: Vec<_> = (0..10)
        .map(|i| tokio::spawn(client.delayed_echo(i, 300)))
        .collect();
    tokio::time::sleep(Duration::from_millis(100)).await;
    server.shutdown.shutdown();
    for (i, call) in calls.into_iter().enumerate() {
        assert_eq!(call.await.unwrap().unwrap(), i as i32);
    }
    tokio::time::timeout(Duration::from_secs(5), &mut server.task)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
}

#[tokio::test]
async fn silent_and_idle_http_connections_are_closed() {
    for transport in [Accept::Http, Accept::Auto] {
        let server = start(
            Server::builder()
                .accept(transport)
                .read_timeout(Duration::from_millis(300))
                .idle_timeout(Duration::from_millis(300)),
        )
        .await;
        // Connects and sends nothing.
        let mut silent = TcpStream::connect(server.addr).await.unwrap();
        // Sends half a request head.
        let mut partial = TcpStream::connect(server.addr).await.unwrap();
        partial
            .write_all(b"POST /thrift HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        // Makes one call, then stays connected and silent.
        let mut idle = TcpStream::connect(server.addr).await.unwrap();
        let request = post("/", "application/json", br#"[1,"ping",1,1,{}]"#);
        assert_eq!(exchange(&mut idle, &request).await.status, 200);
        for (what, stream) in [
            ("silent", &mut silent),
            ("partial", &mut partial),
            ("idle", &mut idle),
        ] {
            let mut rest = Vec::new();
            let closed =
                tokio::time::timeout(Duration::from_secs(3), stream.read_to_end(&mut rest)).await;
            assert!(
                closed.is_ok(),
                "{transport:?}: {what} connection still open"
            );
        }
        // The server still serves others.
        let client = http_client(&format!("http://{}/", server.addr), Protocol::Binary);
        assert_eq!(client.add(1, 2).await.unwrap(), 3);
    }
}

#[tokio::test]
async fn a_response_the_client_never_reads_closes_the_connection() {
    // Larger than the server's send buffer (4 MiB at most here) and the
    // client's 64 KiB receive buffer together.
    const ENTRY: usize = 12 << 20;
    for transport in [Accept::Http, Accept::Auto] {
        let server = start(
            Server::builder()
                .accept(transport)
                .read_timeout(Duration::from_millis(500))
                .idle_timeout(Duration::from_secs(60)),
        )
        .await;
        let url = format!("http://{}/", server.addr);
        let client = http_client(&url, Protocol::Binary);
        client.record("x".repeat(ENTRY)).await.unwrap();
        let mut greedy = connect_reading_little(server.addr).await;
        let request = post("/", "application/x-thrift", &last_entry_call(1));
        greedy.write_all(&request).await.unwrap();
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let read = read_until_closed(&mut greedy, Duration::from_secs(5))
            .await
            .unwrap_or_else(|| {
                panic!("{transport:?}: a response nobody reads kept the connection")
            });
        assert!(read < ENTRY, "{transport:?}: {read} bytes read");
        // Others are served all along.
        assert_eq!(client.add(1, 2).await.unwrap(), 3, "{transport:?}");
    }
}

#[tokio::test]
async fn multiplexed_services_are_reached_over_http() {
    use std::sync::Arc;

    use trift::server::MultiplexedService;

    let (handler, _events) = TestHandler::new();
    let service = MultiplexedService::builder()
        .service("Calculator", CalculatorServer::from_arc(Arc::new(handler)))
        .build();
    let bound = http_server().bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/thrift", bound.local_addr());
    tokio::spawn(bound.serve(service));
    for protocol in PROTOCOLS {
        let builder = || HttpChannel::builder(url.as_str()).protocol(protocol);
        let calculator =
            trift::ServiceNameLayer::new("Calculator").layer(builder().build().unwrap());
        let calculator = CalculatorClient::new(calculator);
        assert_eq!(calculator.add(40, 2).await.unwrap(), 42, "{protocol}");
        assert_eq!(calculator.ping().await.unwrap(), "pong", "{protocol}");
        // No default service: a bare name is refused.
        let bare = BaseClient::new(builder().build().unwrap());
        assert!(bare.ping().await.is_err(), "{protocol}");
    }
}

#[tokio::test]
async fn an_http_1_0_request_is_answered_and_the_connection_closed() {
    let server = start(http_server()).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let body = br#"[1,"add",1,9,{"1":{"i32":20},"2":{"i32":22}}]"#;
    let mut request = format!(
        "POST /thrift HTTP/1.0\r\nContent-Type: application/x-thrift\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(body);
    let response = exchange(&mut stream, &request).await;
    assert_eq!(response.status, 200);
    assert_eq!(
        response.header("content-type"),
        Some("application/x-thrift")
    );
    assert_eq!(
        String::from_utf8(response.body).unwrap(),
        r#"[1,"add",2,9,{"0":{"i64":42}}]"#
    );
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(3), stream.read_to_end(&mut rest)).await;
    assert!(
        closed.is_ok() && rest.is_empty(),
        "HTTP/1.0 connection left open"
    );
}
