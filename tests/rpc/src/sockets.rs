//! Talking to a server below the typed clients: a call written byte by
//! byte, a connection that reads little, reading until the server closes,
//! and a TCP proxy that counts the connections it accepts (to verify
//! keep-alive).

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpSocket, TcpStream};

/// An unframed strict-binary call of `last_entry` (no arguments).
pub fn last_entry_call(seqid: i32) -> Vec<u8> {
    let mut call = vec![0x80, 0x01, 0x00, 0x01];
    call.extend_from_slice(&10i32.to_be_bytes());
    call.extend_from_slice(b"last_entry");
    call.extend_from_slice(&seqid.to_be_bytes());
    call.push(0); // STOP: no arguments
    call
}

/// A connection whose receive buffer stays small (a fixed 64 KiB, no
/// autotuning): a client that does not read fills it quickly.
pub async fn connect_reading_little(addr: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().expect("a TCP socket");
    socket
        .set_recv_buffer_size(64 * 1024)
        .expect("set the receive buffer size");
    socket.connect(addr).await.expect("connect")
}

/// Reads until the server closes (or resets) the connection and returns the
/// bytes read; `None` if it is still open after `within`.
pub async fn read_until_closed(stream: &mut TcpStream, within: Duration) -> Option<usize> {
    let drain = async {
        let mut total = 0;
        let mut chunk = vec![0; 1 << 16];
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return total,
                Ok(n) => total += n,
            }
        }
    };
    tokio::time::timeout(within, drain).await.ok()
}

/// A TCP proxy in front of a target that counts accepted connections.
#[derive(Debug)]
pub struct CountingProxy {
    /// Where the proxy listens.
    pub addr: SocketAddr,
    accepted: Arc<AtomicUsize>,
}

impl CountingProxy {
    /// Starts a proxy to `target` on a free loopback port.
    pub async fn start(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a free loopback port");
        let addr = listener.local_addr().expect("the proxy's address");
        let accepted = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&accepted);
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        CountingProxy { addr, accepted }
    }

    /// Connections accepted so far.
    pub fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}
