//! The server's call policy, the same on every transport: a two-way call
//! whose service produces no reply is answered `MISSING_RESULT` at once
//! (the client does not wait for its deadline), and a message that is not a
//! call is answered `INVALID_MESSAGE_TYPE` without reaching the service.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tower::ServiceExt;
use trift::protocol::{MessageType, ProtocolReader, ProtocolResult, ProtocolWriter, TType};
use trift::{
    Accept, ApplicationExceptionKind, Channel, ClientRequest, Decode, Encode, Error, HttpChannel,
    Server, ServerReply, ServerRequest, WireType,
};

/// An empty struct: the arguments and the result of every call here.
#[derive(Debug, Clone, Default)]
struct Empty;

impl WireType for Empty {
    const TTYPE: TType = TType::Struct;
}

impl Encode for Empty {
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        writer.write_struct_begin("empty")?;
        writer.write_field_stop()?;
        writer.write_struct_end()
    }
}

impl Decode for Empty {
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        reader.read_struct_begin()?;
        let field = reader.read_field_begin()?;
        if field.ttype != TType::Stop {
            trift::protocol::skip(reader, field.ttype)?;
        }
        reader.read_struct_end()?;
        Ok(Empty)
    }
}

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
async fn a_two_way_call_without_a_reply_gets_missing_result_over_tcp() {
    let (addr, reached) = serve_silence(Accept::Raw).await;
    let channel = Channel::builder(addr).call_timeout(PATIENCE).build();
    let reply = channel
        .oneshot(ClientRequest::call("ping", Empty))
        .await
        .unwrap();
    assert_missing_result(reply.decode_result());
    assert_eq!(reached.load(Ordering::Relaxed), 1);
}

#[tokio::test]
async fn a_two_way_call_without_a_reply_gets_missing_result_over_http() {
    let (addr, reached) = serve_silence(Accept::Http).await;
    let channel = HttpChannel::builder(format!("http://{addr}/"))
        .call_timeout(PATIENCE)
        .build()
        .unwrap();
    let reply = channel
        .oneshot(ClientRequest::call("ping", Empty))
        .await
        .unwrap();
    assert_missing_result(reply.decode_result());
    assert_eq!(reached.load(Ordering::Relaxed), 1);
}

#[tokio::test]
async fn a_oneway_call_without_a_reply_is_fine_on_both_transports() {
    let (raw, raw_reached) = serve_silence(Accept::Raw).await;
    let channel = Channel::builder(raw).call_timeout(PATIENCE).build();
    let sent = channel
        .oneshot(ClientRequest::oneway("ping", Empty))
        .await
        .unwrap();
    assert!(matches!(sent, trift::ClientReply::Sent));
    let (http, http_reached) = serve_silence(Accept::Http).await;
    let channel = HttpChannel::builder(format!("http://{http}/"))
        .call_timeout(PATIENCE)
        .build()
        .unwrap();
    let sent = channel
        .oneshot(ClientRequest::oneway("ping", Empty))
        .await
        .unwrap();
    assert!(matches!(sent, trift::ClientReply::Sent));
    // Both reached their service; neither got (or waited for) an answer.
    for reached in [raw_reached, http_reached] {
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
        let reply = match accept {
            Accept::Http => {
                let channel = HttpChannel::builder(format!("http://{addr}/"))
                    .call_timeout(PATIENCE)
                    .build()
                    .unwrap();
                channel.oneshot(request).await.unwrap()
            }
            _ => {
                let channel = Channel::builder(addr).call_timeout(PATIENCE).build();
                channel.oneshot(request).await.unwrap()
            }
        };
        match reply.decode_result::<Empty>() {
            Err(Error::Application(exception)) => {
                assert_eq!(exception.kind, ApplicationExceptionKind::InvalidMessageType);
            }
            other => panic!("{accept:?}: expected INVALID_MESSAGE_TYPE, got {other:?}"),
        }
        assert_eq!(reached.load(Ordering::Relaxed), 0, "{accept:?}");
    }
}
