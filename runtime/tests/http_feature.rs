//! An HTTP request on an [`Accept::Auto`] port gets an HTTP answer in both
//! builds of the runtime: with the `http` feature the HTTP server answers it
//! (`405` for a `GET`), without it the server says it has no HTTP support
//! (`501`) and closes the connection. Raw Thrift is served either way. CI
//! runs this file with and without default features.

#![allow(clippy::unwrap_used)]

use std::convert::Infallible;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use trift::{Accept, Server, ServerReply, ServerRequest};

/// The status line a `GET` gets.
#[cfg(feature = "http")]
const EXPECTED: &str = "HTTP/1.1 405";
#[cfg(not(feature = "http"))]
const EXPECTED: &str = "HTTP/1.1 501";

#[tokio::test]
async fn an_http_request_on_an_auto_port_gets_an_http_answer() {
    let service = tower::service_fn(|_request: ServerRequest| {
        std::future::ready(Ok::<Option<ServerReply>, Infallible>(None))
    });
    let server = Server::builder()
        .accept(Accept::Auto)
        .bind("127.0.0.1:0")
        .await
        .unwrap();
    let addr = server.local_addr();
    let handle = tokio::spawn(server.serve(service));

    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer))
        .await
        .unwrap()
        .unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with(EXPECTED), "{answer}");
    handle.abort();
}
