//! The oracles of the `server_front` and `client_reply` fuzz targets
//! (`fuzz/`), shared with the regression test that replays found inputs in
//! CI (`tests/fuzz_regressions.rs`). Both run real trift code over unix
//! sockets, through the public API only:
//!
//! - **server_front**: the input is what a client sends to a trift server:
//!   the auto-detecting front (framed, unframed, THeader with its transforms,
//!   HTTP; binary, compact, JSON) or, when the first byte is odd, a framed
//!   zlib server. The client then closes its side; the server must answer
//!   what it can and close the connection within [`CLOSE_BOUND`].
//! - **client_reply**: the input's first byte picks a client (framing,
//!   protocol, zlib), the rest is what the "server" answers to one
//!   `placeOrder` call before closing. The call must end, in a result or a
//!   typed error, within [`CLOSE_BOUND`].
//!
//! Both fail on any panic, in the caller's thread or in a server or client
//! task (tokio would otherwise swallow a task's panic).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{UnixListener, UnixStream};
use tokio::runtime::Runtime;
use tower::{Service, ServiceExt};
use trift::message::{ClientRequest, Framing, Protocol, ServerReply, ServerRequest};
use trift::protocol::{MessageType, ProtocolReader, ProtocolResult, ProtocolWriter, TType, skip};
use trift::{Channel, Decode, Encode, Server, WireType};

use super::realistic::Order;

/// How long a connection may stay open after the client's last byte, and
/// how long a client call may take against a closing server.
pub const CLOSE_BOUND: Duration = Duration::from_secs(5);

/// The largest reply read back from the server; anything beyond is drained.
const MAX_REPLY: usize = 1 << 20;

/// `placeOrder(1: Order order)`'s argument struct.
#[derive(Debug, Default, Clone)]
pub struct PlaceOrderArgs {
    /// The order, when sent.
    pub order: Option<Order>,
}

impl WireType for PlaceOrderArgs {
    const TTYPE: TType = TType::Struct;
}

impl Encode for PlaceOrderArgs {
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        writer.write_struct_begin("placeOrder_args")?;
        if let Some(order) = &self.order {
            writer.write_field_begin("order", TType::Struct, 1)?;
            order.encode(writer)?;
            writer.write_field_end()?;
        }
        writer.write_field_stop()?;
        writer.write_struct_end()
    }
}

impl Decode for PlaceOrderArgs {
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        let mut args = PlaceOrderArgs::default();
        reader.read_struct_begin()?;
        loop {
            let field = reader.read_field_begin()?;
            match (field.id, field.ttype) {
                (_, TType::Stop) => break,
                (1, TType::Struct) => args.order = Some(Order::decode(reader)?),
                (_, other) => skip(reader, other)?,
            }
            reader.read_field_end()?;
        }
        reader.read_struct_end()?;
        Ok(args)
    }
}

/// `placeOrder`'s result struct: field 0, the order echoed back.
#[derive(Debug, Default, Clone)]
pub struct PlaceOrderResult {
    /// The echoed order.
    pub success: Option<Order>,
}

impl WireType for PlaceOrderResult {
    const TTYPE: TType = TType::Struct;
}

impl Encode for PlaceOrderResult {
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        writer.write_struct_begin("placeOrder_result")?;
        if let Some(order) = &self.success {
            writer.write_field_begin("success", TType::Struct, 0)?;
            order.encode(writer)?;
            writer.write_field_end()?;
        }
        writer.write_field_stop()?;
        writer.write_struct_end()
    }
}

impl Decode for PlaceOrderResult {
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        let mut result = PlaceOrderResult::default();
        reader.read_struct_begin()?;
        loop {
            let field = reader.read_field_begin()?;
            match (field.id, field.ttype) {
                (_, TType::Stop) => break,
                (0, TType::Struct) => result.success = Some(Order::decode(reader)?),
                (_, other) => skip(reader, other)?,
            }
            reader.read_field_end()?;
        }
        reader.read_struct_end()?;
        Ok(result)
    }
}

/// The served service: `placeOrder` echoes its order, the oneway `notify`
/// decodes its order and answers nothing, any other method is unknown.
async fn serve(
    mut request: ServerRequest,
) -> Result<Option<ServerReply>, std::convert::Infallible> {
    let reply = match (request.method(), request.kind()) {
        ("placeOrder", MessageType::Call) => match request.decode_args::<PlaceOrderArgs>() {
            Ok(args) => Some(request.into_reply_to().reply(PlaceOrderResult {
                success: args.order,
            })),
            Err(error) => request.protocol_error(&error),
        },
        ("notify", MessageType::Oneway) => {
            // A oneway call has no reply, whether or not its arguments decode.
            let _ = request.decode_args::<PlaceOrderArgs>();
            None
        }
        _ => request.unknown_method(),
    };
    Ok(reply)
}

/// The runtime, the two servers' socket paths and the panic flag, made once
/// per process.
struct Harness {
    runtime: Runtime,
    auto: PathBuf,
    zlib: PathBuf,
    dir: PathBuf,
}

/// Set by the panic hook: some thread or task panicked.
static PANICKED: AtomicBool = AtomicBool::new(false);

/// One check at a time: the panic flag and the reply socket are shared (the
/// regression tests run on several threads).
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICKED.store(true, Ordering::SeqCst);
            previous(info);
        }));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let dir = std::env::temp_dir().join(format!("trift-fuzz-wire-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temp dir for the sockets");
        let auto = dir.join("auto.sock");
        let zlib = dir.join("zlib.sock");
        runtime.block_on(async {
            let quick = |builder: trift::server::ServerBuilder| {
                builder
                    .read_timeout(Duration::from_secs(1))
                    .idle_timeout(Duration::from_secs(2))
            };
            let auto_server = quick(Server::builder())
                .bind_unix(&auto)
                .await
                .expect("bind the auto-detecting server");
            let zlib_server = quick(Server::builder())
                .protocol(Protocol::Binary)
                .framing(Framing::Framed)
                .zlib(true)
                .bind_unix(&zlib)
                .await
                .expect("bind the zlib server");
            tokio::spawn(auto_server.serve(tower::service_fn(serve)));
            tokio::spawn(zlib_server.serve(tower::service_fn(serve)));
        });
        Harness {
            runtime,
            auto,
            zlib,
            dir,
        }
    })
}

/// The socket of the harness's auto-detecting server, or of its framed
/// binary zlib server (for the tool that records seeds).
pub fn server_socket(zlib: bool) -> PathBuf {
    let harness = harness();
    if zlib {
        harness.zlib.clone()
    } else {
        harness.auto.clone()
    }
}

/// A fresh socket path in the harness's directory.
pub fn scratch_socket(name: &str) -> PathBuf {
    harness().dir.join(name)
}

/// Runs `future` on the harness's runtime, where its servers run.
pub fn run<F: std::future::Future>(future: F) -> F::Output {
    harness().runtime.block_on(future)
}

fn assert_no_panic(what: &str) {
    assert!(
        !PANICKED.swap(false, Ordering::SeqCst),
        "a thread or task panicked while {what}"
    );
}

/// Runs the server-front oracle on one input; returns how many bytes the
/// server answered.
pub fn check_server_front(data: &[u8]) -> usize {
    let harness = harness();
    let _one = one_at_a_time();
    let path = match data.first() {
        Some(byte) if byte % 2 == 1 => &harness.zlib,
        _ => &harness.auto,
    };
    let payload = data.get(1..).unwrap_or_default();
    let answered = harness.runtime.block_on(async {
        let mut stream = UnixStream::connect(path)
            .await
            .expect("connect to the server");
        // The server may close before taking every byte: that is its right.
        let _ = stream.write_all(payload).await;
        let _ = stream.shutdown().await;
        let drained = tokio::time::timeout(CLOSE_BOUND, drain(&mut stream)).await;
        drained.unwrap_or_else(|_| {
            panic!(
                "the server kept the connection open {CLOSE_BOUND:?} after the client's last byte"
            )
        })
    });
    assert_no_panic("serving the input");
    answered
}

/// Reads what the server sends until it closes (or resets) the connection.
async fn drain(stream: &mut UnixStream) -> usize {
    let mut buffer = vec![0_u8; 64 * 1024];
    let mut total = 0;
    loop {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return total,
            Ok(n) => total = total.saturating_add(n).min(MAX_REPLY),
        }
    }
}

/// The client the first byte of a `client_reply` input picks: bits 0-1 the
/// framing, bits 2-3 the protocol (JSON is not spoken over THeader), bit 4
/// zlib (framed and unframed only).
pub fn client_for(selector: u8) -> (Framing, Protocol, bool) {
    let framing = match selector & 0b11 {
        0 => Framing::Framed,
        1 => Framing::Unframed,
        _ => Framing::Header,
    };
    let protocol = match (selector >> 2) & 0b11 {
        0 | 3 => Protocol::Binary,
        1 => Protocol::Compact,
        _ if framing == Framing::Header => Protocol::Compact,
        _ => Protocol::Json,
    };
    let zlib = selector & 0b1_0000 != 0 && framing != Framing::Header;
    (framing, protocol, zlib)
}

/// Runs the client-reply oracle on one input; returns whether the call
/// got its result (rather than a typed error).
pub fn check_client_reply(data: &[u8]) -> bool {
    let harness = harness();
    let _one = one_at_a_time();
    let Some((&selector, reply)) = data.split_first() else {
        return false;
    };
    let (framing, protocol, zlib) = client_for(selector);
    let reply = reply.to_vec();
    let succeeded = harness.runtime.block_on(async {
        let path = harness.dir.join("reply.sock");
        let _ = std::fs::remove_file(&path);
        let listener = UnixListener::bind(&path).expect("bind the replying socket");
        let answer = tokio::spawn(async move {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            // Wait for the request's first bytes, answer, then close.
            let mut request = [0_u8; 4096];
            let _ = stream.read(&mut request).await;
            let _ = stream.write_all(&reply).await;
            let _ = stream.shutdown().await;
            let mut rest = stream;
            let mut sink = [0_u8; 4096];
            while matches!(rest.read(&mut sink).await, Ok(n) if n > 0) {}
        });
        let mut channel = Channel::builder(format!("unix:{}", path.display()))
            .framing(framing)
            .protocol(protocol)
            .zlib(zlib)
            .call_timeout(CLOSE_BOUND)
            .build();
        let request = ClientRequest::call(
            "placeOrder",
            PlaceOrderArgs {
                order: Some(Order::sample()),
            },
        );
        let called = tokio::time::timeout(CLOSE_BOUND + Duration::from_secs(1), async {
            let reply = channel.ready().await?.call(request).await?;
            reply.decode_result::<PlaceOrderResult>()
        })
        .await;
        drop(channel);
        answer.abort();
        let _ = answer.await;
        match called {
            Ok(result) => result.is_ok_and(|result| result.success.is_some()),
            Err(_) => panic!("the call outlived its own timeout"),
        }
    });
    assert_no_panic("reading the reply");
    succeeded
}
