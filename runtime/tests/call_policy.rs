//! The server's call policy, the same on every transport: a two-way call
//! whose service produces no reply is answered `MISSING_RESULT` at once
//! (the client does not wait for its deadline), and a message that is not a
//! call is answered `INVALID_MESSAGE_TYPE` without reaching the service.

#![allow(clippy::unwrap_used)]

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tower::ServiceExt;
use trift::protocol::MessageType;
use trift::{
    Accept, ApplicationExceptionKind, Channel, ClientReply, ClientRequest, Error, HttpChannel,
    Server, ServerReply, ServerRequest,
};

#[path = "support/empty.rs"]
mod empty;
use empty::Empty;

/// Far longer than an answer takes: a call that runs into it got no answer.
const PATIENCE: Duration = Duration::from_secs(20);

/// Serves a service that answers every call with nothing, counting the
/// calls that reach it. Returns the address and the counter.
async fn serve_silence(accept: Accept) -> (std::net::SocketAddr, Arc<AtomicUsize>) {
    let reached = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&reached);
    let service = tower::service_fn(move |_request: ServerRequest| {
        counter.fetch_add(1, Ordering::Relaxed);
        std::future::ready(Ok::<Option<ServerReply>, Infallible>(None))
    });
    let server = Server::builder()
        .accept(accept)
        .bind("127.0.0.1:0")
        .await
        .unwrap();
    let addr = server.local_addr();
    tokio::spawn(server.serve(service));
    (addr, reached)
}

/// Sends `request` to the server at `addr` over the transport `accept`
/// names, and returns what came back.
async fn ask(accept: Accept, addr: std::net::SocketAddr, request: ClientRequest) -> ClientReply {
    if accept == Accept::Http {
        let channel = HttpChannel::builder(format!("http://{addr}/"))
            .call_timeout(PATIENCE)
            .build()
            .unwrap();
        return channel.oneshot(request).await.unwrap();
    }
    let channel = Channel::builder(addr).call_timeout(PATIENCE).build();
    channel.oneshot(request).await.unwrap()
}

fn assert_missing_result(result: Result<Empty, Error>) {
    match result {
        Err(Error::Application(exception)) => {
            assert_eq!(exception.kind, ApplicationExceptionKind::MissingResult);
            assert!(exception.message.contains("ping"), "{exception}");
        }
        other => panic!("expected MISSING_RESULT, got {other:?}"),
    }
}

#[tokio::test]
async fn a_two_way_call_without_a_reply_gets_missing_result_over_tcp_and_http() {
    for accept in [Accept::Raw, Accept::Http] {
        let (addr, reached) = serve_silence(accept).await;
        let reply = ask(accept, addr, ClientRequest::call("ping", Empty)).await;
        assert_missing_result(reply.decode_result());
        assert_eq!(reached.load(Ordering::Relaxed), 1, "{accept:?}");
    }
}

#[tokio::test]
async fn a_oneway_call_without_a_reply_is_fine_on_both_transports() {
    for accept in [Accept::Raw, Accept::Http] {
        let (addr, reached) = serve_silence(accept).await;
        let sent = ask(accept, addr, ClientRequest::oneway("ping", Empty)).await;
        assert!(matches!(sent, ClientReply::Sent), "{accept:?}");
        // It reached the service, and nothing waited for an answer.
        while reached.load(Ordering::Relaxed) == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

#[tokio::test]
async fn a_reply_message_sent_as_a_call_is_refused_on_both_transports() {
    for accept in [Accept::Raw, Accept::Http] {
        let (addr, reached) = serve_silence(accept).await;
        let request = ClientRequest {
            kind: MessageType::Reply,
            ..ClientRequest::call("ping", Empty)
        };
        let reply = ask(accept, addr, request).await;
        match reply.decode_result::<Empty>() {
            Err(Error::Application(exception)) => {
                assert_eq!(exception.kind, ApplicationExceptionKind::InvalidMessageType);
            }
            other => panic!("{accept:?}: expected INVALID_MESSAGE_TYPE, got {other:?}"),
        }
        assert_eq!(reached.load(Ordering::Relaxed), 0, "{accept:?}");
    }
}
