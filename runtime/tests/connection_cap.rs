//! At the connection cap no client is left waiting: the connection quiet
//! the longest (idle, or trickling a message) is closed to make room, and
//! when every connection is busy the new one is refused at once. A client
//! trickling a message byte by byte is bounded by the read timeout.

#![allow(clippy::unwrap_used)]

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tower::ServiceExt;
use trift::server::ConnectionCounters;
use trift::{Accept, Channel, ClientRequest, Server, ServerReply, ServerRequest};

#[path = "support/empty.rs"]
mod empty;
use empty::Empty;

/// What the acceptance asks of a new connection at the cap.
const PROMPT: Duration = Duration::from_secs(1);

/// Serves with `cap` connections: calls named `hang` never finish, every
/// other call is answered with nothing (so a two-way call gets
/// `MISSING_RESULT` at once). Returns the address, the counters and how many
/// calls reached the service.
async fn serve(
    cap: usize,
    read_timeout: Duration,
) -> (std::net::SocketAddr, ConnectionCounters, Arc<AtomicUsize>) {
    let reached = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&reached);
    let service = tower::service_fn(move |request: ServerRequest| {
        counter.fetch_add(1, Ordering::Relaxed);
        let hang = request.method() == "hang";
        async move {
            if hang {
                std::future::pending::<()>().await;
            }
            Ok::<Option<ServerReply>, Infallible>(None)
        }
    });
    let server = Server::builder()
        .accept(Accept::Raw)
        .max_connections(cap)
        .read_timeout(read_timeout)
        .bind("127.0.0.1:0")
        .await
        .unwrap();
    let addr = server.local_addr();
    let counters = server.connection_counters();
    tokio::spawn(server.serve(service));
    (addr, counters, reached)
}

async fn until(what: &str, mut condition: impl FnMut() -> bool) {
    let waited = tokio::time::timeout(Duration::from_secs(20), async {
        while !condition() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await;
    assert!(waited.is_ok(), "timed out waiting for {what}");
}

/// One call on a fresh connection, which must be answered within
/// [`PROMPT`]. Returns the channel, whose connection stays open.
async fn call_promptly(addr: std::net::SocketAddr) -> Channel {
    let channel = Channel::builder(addr)
        .call_timeout(Duration::from_secs(20))
        .build();
    call_on(&channel).await;
    channel
}

async fn call_on(channel: &Channel) {
    let reply = tokio::time::timeout(
        PROMPT,
        channel.clone().oneshot(ClientRequest::call("ping", Empty)),
    )
    .await
    .expect("the call at the cap was neither served nor refused within 1 s")
    .unwrap();
    // The service answers nothing: MISSING_RESULT, from the server.
    assert!(reply.decode_result::<Empty>().is_err());
}

/// Whether the server closes `stream` within `within`.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let mut byte = [0u8; 1];
    matches!(
        tokio::time::timeout(within, stream.read(&mut byte)).await,
        Ok(Ok(0) | Err(_))
    )
}

#[tokio::test]
async fn at_the_cap_the_longest_idle_connection_makes_room() {
    let (addr, counters, _) = serve(2, Duration::from_secs(30)).await;
    let mut older = TcpStream::connect(addr).await.unwrap();
    until("the first connection", || counters.open() == 1).await;
    tokio::time::sleep(Duration::from_millis(20)).await;
    let mut newer = TcpStream::connect(addr).await.unwrap();
    until("both connections", || counters.open() == 2).await;
    tokio::time::sleep(Duration::from_millis(20)).await;

    let _served = call_promptly(addr).await;
    assert_eq!((counters.reclaimed(), counters.refused()), (1, 0));
    assert!(
        closed_within(&mut older, Duration::from_secs(5)).await,
        "the longest-idle connection was closed"
    );
    assert!(
        !closed_within(&mut newer, Duration::from_millis(100)).await,
        "the newer idle connection stays open"
    );
}

#[tokio::test]
async fn at_the_cap_with_every_connection_busy_a_new_one_is_refused_at_once() {
    let (addr, counters, reached) = serve(1, Duration::from_secs(30)).await;
    let busy = Channel::builder(addr)
        .call_timeout(Duration::from_secs(60))
        .build();
    let hanging = tokio::spawn(busy.oneshot(ClientRequest::call("hang", Empty)));
    until("the hanging call", || reached.load(Ordering::Relaxed) == 1).await;

    let mut refused = TcpStream::connect(addr).await.unwrap();
    assert!(
        closed_within(&mut refused, PROMPT).await,
        "refused within 1 s"
    );
    assert_eq!((counters.reclaimed(), counters.refused()), (0, 1));
    assert!(
        !hanging.is_finished(),
        "the busy connection was not touched"
    );
    hanging.abort();
}

/// The start of a framed binary call whose frame says 1,000 bytes.
fn trickled_frame() -> Vec<u8> {
    let mut frame = vec![0, 0, 0x03, 0xe8, 0x80, 0x01, 0x00, 0x01];
    frame.resize(64, b'x');
    frame
}

/// Sends `frame` one byte every `pace` until the server closes the stream.
async fn trickle(mut stream: TcpStream, pace: Duration) {
    for byte in trickled_frame() {
        if stream.write_all(&[byte]).await.is_err() {
            return;
        }
        tokio::time::sleep(pace).await;
    }
    // Then hold the connection, the message never complete.
    let mut rest = [0u8; 1];
    let _ = stream.read(&mut rest).await;
}

#[tokio::test]
async fn tricklers_holding_every_connection_do_not_keep_a_real_client_out() {
    const CAP: usize = 50;
    let (addr, counters, _) = serve(CAP, Duration::from_secs(30)).await;
    let mut tricklers = Vec::new();
    for _ in 0..CAP {
        let stream = TcpStream::connect(addr).await.unwrap();
        tricklers.push(tokio::spawn(trickle(stream, Duration::from_millis(20))));
    }
    until("every trickler connected", || counters.open() == CAP).await;
    tokio::time::sleep(Duration::from_millis(100)).await;

    // Each real client keeps its connection, so each needs a trickler's
    // place; the tricklers, quiet since their first byte, go first.
    let mut real = Vec::new();
    for _ in 0..3 {
        real.push(call_promptly(addr).await);
    }
    assert_eq!((counters.reclaimed(), counters.refused()), (3, 0));
    for channel in &real {
        call_on(channel).await;
    }
    assert_eq!(
        counters.reclaimed(),
        3,
        "the real clients kept their connections"
    );
    for trickler in tricklers {
        trickler.abort();
    }
}

#[tokio::test]
async fn a_message_trickled_a_byte_at_a_time_is_bounded_by_the_read_timeout() {
    let (addr, _, reached) = serve(10, Duration::from_millis(300)).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    // A byte every 20 ms keeps the connection busy reading, but the message
    // must be complete within the read timeout, counted from its first byte.
    let frame = trickled_frame();
    let closed = tokio::time::timeout(Duration::from_secs(10), async {
        for byte in frame.iter().cycle() {
            if stream.write_all(&[*byte]).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
            let mut probe = [0u8; 1];
            if let Ok(Ok(0)) =
                tokio::time::timeout(Duration::from_millis(1), stream.read(&mut probe)).await
            {
                return;
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "the trickling connection was never closed");
    assert_eq!(reached.load(Ordering::Relaxed), 0);
}
