//! Records the seeds of `server_front` (a server-selector byte, then what
//! trift's client sends for one `placeOrder` call) and `client_reply` (a
//! client-selector byte, then what the harness's server answers to it).

use std::path::Path;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{UnixListener, UnixStream};
use tower::{Service, ServiceExt};
use trift::Channel;
use trift::message::{ClientRequest, Framing, Protocol};
use trift_fuzz::realistic::Order;
use trift_fuzz::wire::{PlaceOrderArgs, client_for, run, scratch_socket, server_socket};

/// Silence after which a recorded request is taken as complete.
const QUIET: Duration = Duration::from_millis(200);

/// What trift's client sends for one call (after a oneway `notify` on the
/// same connection when `oneway_first`), captured by a listener that never
/// answers.
async fn record_request(
    framing: Framing,
    protocol: Protocol,
    zlib: bool,
    oneway_first: bool,
) -> Vec<u8> {
    let path = scratch_socket("record.sock");
    let _ = std::fs::remove_file(&path);
    let listener = UnixListener::bind(&path).expect("bind the recording socket");
    let recorder = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.expect("the client connects");
        let mut captured = Vec::new();
        let mut buffer = [0_u8; 64 * 1024];
        while let Ok(Ok(n)) = tokio::time::timeout(QUIET, stream.read(&mut buffer)).await {
            if n == 0 {
                break;
            }
            captured.extend_from_slice(&buffer[..n]);
        }
        captured
    });
    let mut channel = Channel::builder(format!("unix:{}", path.display()))
        .framing(framing)
        .protocol(protocol)
        .zlib(zlib)
        .call_timeout(QUIET * 3)
        .build();
    let args = || PlaceOrderArgs {
        order: Some(Order::sample()),
    };
    if oneway_first {
        if let Ok(ready) = channel.ready().await {
            let _ = ready.call(ClientRequest::oneway("notify", args())).await;
        }
    }
    if let Ok(ready) = channel.ready().await {
        // The recorder never answers: the call's failure is expected.
        let _ = ready.call(ClientRequest::call("placeOrder", args())).await;
    }
    recorder.await.expect("the recorder finishes")
}

/// What the harness's server answers to `request`.
async fn reply_to(request: &[u8], zlib: bool) -> Vec<u8> {
    let mut stream = UnixStream::connect(server_socket(zlib))
        .await
        .expect("connect to the harness's server");
    stream.write_all(request).await.expect("send the request");
    stream.shutdown().await.expect("close the sending side");
    let mut reply = Vec::new();
    stream
        .read_to_end(&mut reply)
        .await
        .expect("read the reply");
    reply
}

fn save(target: &str, name: &str, bytes: &[u8]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(target);
    std::fs::create_dir_all(&dir).expect("create the seed directory");
    std::fs::write(dir.join(name), bytes).expect("write a seed");
    println!("{target}/{name}: {} bytes", bytes.len());
}

fn with_selector(selector: u8, bytes: &[u8]) -> Vec<u8> {
    let mut seed = vec![selector];
    seed.extend_from_slice(bytes);
    seed
}

fn http_post(body: &[u8]) -> Vec<u8> {
    let mut request = format!(
        "POST / HTTP/1.1\r\nHost: trift\r\nContent-Type: application/x-thrift\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(body);
    request
}

/// Records and writes every `server_front` and `client_reply` seed.
pub fn write() {
    let mut seen = Vec::new();
    for selector in 0..32_u8 {
        let (framing, protocol, zlib) = client_for(selector);
        if seen.contains(&(framing, protocol, zlib)) {
            continue;
        }
        seen.push((framing, protocol, zlib));
        // The harness serves zlib only framed, in binary.
        if zlib && (framing, protocol) != (Framing::Framed, Protocol::Binary) {
            continue;
        }
        let name = format!(
            "{framing:?}-{protocol:?}{}",
            if zlib { "-zlib" } else { "" }
        )
        .to_lowercase();
        let server = u8::from(zlib);
        let (call, both) = run(async {
            (
                record_request(framing, protocol, zlib, false).await,
                record_request(framing, protocol, zlib, true).await,
            )
        });
        save("server_front", &name, &with_selector(server, &call));
        save(
            "server_front",
            &format!("{name}-oneway-then-call"),
            &with_selector(server, &both),
        );
        if framing == Framing::Unframed && !zlib {
            save(
                "server_front",
                &format!("http-{name}"),
                &with_selector(0, &http_post(&call)),
            );
        }
        let reply = run(reply_to(&call, zlib));
        save("client_reply", &name, &with_selector(selector, &reply));
    }
}
