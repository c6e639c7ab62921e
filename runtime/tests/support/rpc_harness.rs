//! Loopback test harness for the RPC tests: a `Calculator` handler that
//! records what it sees, and helpers to start servers and build clients for
//! every protocol and framing.

#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::AsyncReadExt;
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use trift::server::{ServerBuilder, ShutdownHandle};
use trift::{Channel, Framing, Protocol, Server};

use crate::rpc_test_service::base::{Base, PingError};
use crate::rpc_test_service::calculator::{
    AddError, Calculator, CrashError, DelayedEchoError, DivideError, LastEntryError, NotifyError,
    RecordError,
};
use crate::rpc_test_service::{CalculatorClient, CalculatorServer, DivideByZero, Overflow};

/// Every protocol and framing combination.
pub const COMBINATIONS: [(Protocol, Framing); 6] = [
    (Protocol::Binary, Framing::Framed),
    (Protocol::Binary, Framing::Unframed),
    (Protocol::Compact, Framing::Framed),
    (Protocol::Compact, Framing::Unframed),
    (Protocol::Json, Framing::Framed),
    (Protocol::Json, Framing::Unframed),
];

/// The test handler.
#[derive(Debug)]
pub struct TestHandler {
    last_entry: Mutex<String>,
    /// How many `last_entry` calls the handler has answered.
    entries_read: Arc<AtomicUsize>,
    notified: mpsc::UnboundedSender<String>,
}

impl TestHandler {
    /// A handler, and the receiving end of what `notify` observed.
    pub fn new() -> (Self, mpsc::UnboundedReceiver<String>) {
        let (notified, events) = mpsc::unbounded_channel();
        let handler = TestHandler {
            last_entry: Mutex::new(String::new()),
            entries_read: Arc::new(AtomicUsize::new(0)),
            notified,
        };
        (handler, events)
    }

    /// The count of `last_entry` calls answered, shared with the handler.
    pub fn entries_read(&self) -> Arc<AtomicUsize> {
        Arc::clone(&self.entries_read)
    }
}

impl Base for TestHandler {
    async fn ping(&self) -> Result<String, PingError> {
        Ok("pong".to_owned())
    }
}

impl Calculator for TestHandler {
    async fn add(&self, a: i32, b: i32) -> Result<i64, AddError> {
        Ok(i64::from(a) + i64::from(b))
    }

    async fn record(&self, entry: String) -> Result<(), RecordError> {
        *self.last_entry.lock().unwrap() = entry;
        Ok(())
    }

    async fn last_entry(&self) -> Result<String, LastEntryError> {
        self.entries_read.fetch_add(1, Ordering::Relaxed);
        Ok(self.last_entry.lock().unwrap().clone())
    }

    async fn notify(&self, event: String) -> Result<(), NotifyError> {
        *self.last_entry.lock().unwrap() = event.clone();
        let _ = self.notified.send(event);
        Ok(())
    }

    async fn divide(&self, dividend: i32, divisor: i32) -> Result<i32, DivideError> {
        if divisor == 0 {
            return Err(DivideError::Zero(DivideByZero {
                message: "division by zero".to_owned(),
            }));
        }
        dividend.checked_div(divisor).ok_or_else(|| {
            DivideError::Overflow(Overflow {
                message: "quotient does not fit".to_owned(),
                dividend,
            })
        })
    }

    async fn delayed_echo(&self, value: i32, sleep_ms: i32) -> Result<i32, DelayedEchoError> {
        tokio::time::sleep(Duration::from_millis(u64::try_from(sleep_ms).unwrap_or(0))).await;
        Ok(value)
    }

    async fn crash(&self) -> Result<(), CrashError> {
        panic!("the crash method crashes");
    }
}

/// A server running in the background.
pub struct TestServer {
    pub addr: SocketAddr,
    pub shutdown: ShutdownHandle,
    pub task: JoinHandle<io::Result<()>>,
    pub events: mpsc::UnboundedReceiver<String>,
    /// How many `last_entry` calls the handler has answered.
    pub entries_read: Arc<AtomicUsize>,
}

/// Starts a calculator server configured by `builder` on a free port.
pub async fn start(builder: ServerBuilder) -> TestServer {
    let (handler, events) = TestHandler::new();
    let entries_read = handler.entries_read();
    let bound = builder.bind("127.0.0.1:0").await.unwrap();
    let addr = bound.local_addr();
    let shutdown = bound.shutdown_handle();
    let task = tokio::spawn(bound.serve(CalculatorServer::new(handler)));
    TestServer {
        addr,
        shutdown,
        task,
        events,
        entries_read,
    }
}

/// Starts 20 slow calls (300 ms) per protocol and framing, shuts `server`
/// down while they run, and checks that every call completes, that `serve`
/// returns, and that the port no longer accepts.
pub async fn shut_down_with_calls_in_flight(server: &mut TestServer) {
    let mut calls = Vec::new();
    for (protocol, framing) in COMBINATIONS {
        let client = client(server.addr, protocol, framing);
        for i in 0..20 {
            calls.push(tokio::spawn(client.delayed_echo(i, 300)));
        }
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    server.shutdown.shutdown();
    for (i, call) in calls.into_iter().enumerate() {
        assert_eq!(call.await.unwrap().unwrap(), (i % 20) as i32);
    }
    tokio::time::timeout(Duration::from_secs(5), &mut server.task)
        .await
        .expect("serve did not finish after shutdown")
        .unwrap()
        .unwrap();
    // No longer accepting.
    assert!(tokio::net::TcpStream::connect(server.addr).await.is_err());
}

/// A server pinned to one protocol and framing.
pub async fn start_pinned(protocol: Protocol, framing: Framing) -> TestServer {
    start(Server::builder().protocol(protocol).framing(framing)).await
}

/// A channel to `addr` in `protocol` and `framing`, with a short deadline.
pub fn channel(addr: SocketAddr, protocol: Protocol, framing: Framing) -> Channel {
    Channel::builder(addr)
        .protocol(protocol)
        .framing(framing)
        .call_timeout(Duration::from_secs(5))
        .build()
}

/// A typed client to `addr`.
pub fn client(addr: SocketAddr, protocol: Protocol, framing: Framing) -> CalculatorClient {
    CalculatorClient::new(channel(addr, protocol, framing))
}

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
    let socket = TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(64 * 1024).unwrap();
    socket.connect(addr).await.unwrap()
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
