//! The slow-loris run: `--connections` connections (default 10,000, the
//! server's default cap) each trickle a request one byte every
//! `--byte-every-ms` (default 1,000): three in four a framed binary
//! `echo_i32` call, one in four an HTTP request head. When the server closes
//! one, it reconnects and starts over, so the pressure never lets up. Meanwhile
//! two real clients call `echo_i32`: one on a kept connection (a generated
//! client on a `Channel`, a call every 20 ms) and one on a new connection per
//! call (every 100 ms).
//!
//! It prints, for the attack, how many connections were opened, closed by the
//! server and how long they lived; for each real client, calls made, served,
//! failed (by error) and the latency percentiles; and the server's peak
//! resident memory. It exits 1 when a real client's call failed.
//!
//! ```sh
//! cd loadbench && cargo build --release --bins
//! target/release/loris --server-bin target/release/trift-server
//! ```

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Mutex;
use trift::{Channel, Framing, Protocol};

/// The generated code of `idl/bench.thrift` (module `bench`), client side.
mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}

use generated::bench::BenchClient;

/// What the command line sets.
struct Options {
    connections: u64,
    byte_every: Duration,
    seconds: u64,
    addr: String,
    server_bin: String,
}

impl Options {
    fn parse() -> Result<Options, String> {
        let mut options = Options {
            connections: 10_000,
            byte_every: Duration::from_millis(1_000),
            seconds: 90,
            addr: "127.0.0.1:19301".to_owned(),
            server_bin: "target/release/trift-server".to_owned(),
        };
        let mut args = std::env::args().skip(1);
        while let Some(flag) = args.next() {
            let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
            let number = |value: &str| {
                value
                    .parse::<u64>()
                    .map_err(|_| format!("{flag} takes a number, not {value:?}"))
            };
            match flag.as_str() {
                "--connections" => options.connections = number(&value)?,
                "--byte-every-ms" => options.byte_every = Duration::from_millis(number(&value)?),
                "--seconds" => options.seconds = number(&value)?.max(1),
                "--addr" => options.addr = value,
                "--server-bin" => options.server_bin = value,
                other => {
                    return Err(format!(
                        "unknown flag {other}; flags: --connections N --byte-every-ms N \
                         --seconds N --addr HOST:PORT --server-bin PATH"
                    ));
                }
            }
        }
        Ok(options)
    }
}

/// A framed binary `echo_i32(7)` call, as one buffer.
fn framed_call() -> Vec<u8> {
    let mut message = Vec::new();
    message.extend_from_slice(&0x8001_0001_u32.to_be_bytes()); // version 1, CALL
    message.extend_from_slice(&8_u32.to_be_bytes());
    message.extend_from_slice(b"echo_i32");
    message.extend_from_slice(&1_i32.to_be_bytes()); // seqid
    message.extend_from_slice(&[8, 0, 1]); // field 1, i32
    message.extend_from_slice(&7_i32.to_be_bytes());
    message.push(0); // stop
    let mut frame = (message.len() as u32).to_be_bytes().to_vec();
    frame.extend_from_slice(&message);
    frame
}

/// An HTTP request head that never ends quickly.
fn http_head() -> Vec<u8> {
    b"POST / HTTP/1.1\r\nHost: trift\r\nContent-Type: application/x-thrift\r\n\
      X-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n"
        .to_vec()
}

/// What the attack saw.
#[derive(Default)]
struct Attack {
    opened: AtomicU64,
    connect_failed: AtomicU64,
    closed_by_server: AtomicU64,
    bytes_sent: AtomicU64,
    /// Lifetimes of connections the server closed, in milliseconds.
    lifetimes: Mutex<Vec<u64>>,
}

/// One attacking connection, reconnecting until `until`.
async fn trickle(
    addr: String,
    request: Vec<u8>,
    every: Duration,
    until: Instant,
    attack: Arc<Attack>,
) {
    while Instant::now() < until {
        let Ok(mut stream) = TcpStream::connect(&addr).await else {
            attack.connect_failed.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(every).await;
            continue;
        };
        attack.opened.fetch_add(1, Ordering::Relaxed);
        let opened = Instant::now();
        let mut next = 0;
        let mut sink = [0_u8; 256];
        let closed = loop {
            if Instant::now() >= until {
                break false;
            }
            tokio::select! {
                read = stream.read(&mut sink) => match read {
                    Ok(0) | Err(_) => break true,
                    Ok(_) => {}
                },
                () = tokio::time::sleep(every) => {
                    // Never finish the request: stop one byte short.
                    if next + 1 < request.len() {
                        if stream.write_all(&request[next..=next]).await.is_err() {
                            break true;
                        }
                        next += 1;
                        attack.bytes_sent.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        };
        if closed {
            attack.closed_by_server.fetch_add(1, Ordering::Relaxed);
            let lived = opened.elapsed().as_millis() as u64;
            attack.lifetimes.lock().await.push(lived);
        }
    }
}

/// What one real client saw.
#[derive(Default)]
struct RealClient {
    served: u64,
    failures: Vec<String>,
    latencies: Vec<Duration>,
}

impl RealClient {
    fn record(&mut self, started: Instant, result: Result<i32, trift::Error>) {
        self.latencies.push(started.elapsed());
        match result {
            Ok(7) => self.served += 1,
            Ok(other) => self.failures.push(format!("wrong reply {other}")),
            Err(error) => self.failures.push(error.to_string()),
        }
    }

    fn report(&mut self, name: &str) {
        self.latencies.sort();
        let at = |q: f64| {
            self.latencies
                .get(((self.latencies.len() as f64 - 1.0) * q).round() as usize)
                .copied()
                .unwrap_or_default()
        };
        println!(
            "{name}: {} calls, {} served, {} failed; latency p50 {:?} p99 {:?} max {:?}",
            self.latencies.len(),
            self.served,
            self.failures.len(),
            at(0.5),
            at(0.99),
            at(1.0),
        );
        let mut kinds: Vec<(String, usize)> = Vec::new();
        for failure in &self.failures {
            match kinds.iter_mut().find(|(kind, _)| kind == failure) {
                Some((_, n)) => *n += 1,
                None => kinds.push((failure.clone(), 1)),
            }
        }
        for (kind, n) in kinds {
            println!("  {n} x {kind}");
        }
    }
}

fn channel(addr: &str) -> Channel {
    Channel::builder(addr)
        .protocol(Protocol::Binary)
        .framing(Framing::Framed)
        .connect_timeout(Duration::from_secs(5))
        .call_timeout(Duration::from_secs(5))
        .build()
}

/// Calls on one kept connection every 20 ms until `until`.
async fn kept_client(addr: String, until: Instant) -> RealClient {
    let client = BenchClient::new(channel(&addr));
    let mut seen = RealClient::default();
    while Instant::now() < until {
        let started = Instant::now();
        seen.record(started, client.echo_i32(7).await);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    seen
}

/// One call on a new connection every 100 ms until `until`.
async fn fresh_client(addr: String, until: Instant) -> RealClient {
    let mut seen = RealClient::default();
    while Instant::now() < until {
        let started = Instant::now();
        let client = BenchClient::new(channel(&addr));
        seen.record(started, client.echo_i32(7).await);
        drop(client);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    seen
}

/// The server's peak resident set (`VmHWM`), in KiB.
fn peak_rss_kib(server: &Child) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.id())).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
}

#[tokio::main]
async fn main() {
    let options = match Options::parse() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let mut server = match Command::new(&options.server_bin)
        .args(["--addr", &options.addr, "--max-seconds", "1800"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(server) => server,
        Err(error) => {
            eprintln!("cannot start {}: {error}", options.server_bin);
            std::process::exit(2);
        }
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    let until = Instant::now() + Duration::from_secs(options.seconds);
    let attack = Arc::new(Attack::default());
    let mut attackers = Vec::new();
    for i in 0..options.connections {
        let request = if i % 4 == 3 {
            http_head()
        } else {
            framed_call()
        };
        attackers.push(tokio::spawn(trickle(
            options.addr.clone(),
            request,
            options.byte_every,
            until,
            Arc::clone(&attack),
        )));
        // Open them over the first few seconds, not in one burst.
        if i % 500 == 499 {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    println!(
        "attack: {} connections opened, trickling a byte every {:?}",
        attack.opened.load(Ordering::Relaxed),
        options.byte_every
    );
    let kept = tokio::spawn(kept_client(options.addr.clone(), until));
    let fresh = tokio::spawn(fresh_client(options.addr.clone(), until));
    let mut kept = kept.await.unwrap_or_default();
    let mut fresh = fresh.await.unwrap_or_default();
    for attacker in attackers {
        let _ = attacker.await;
    }
    let peak = peak_rss_kib(&server);
    let _ = server.kill();
    let _ = server.wait();

    let mut lifetimes = std::mem::take(&mut *attack.lifetimes.lock().await);
    lifetimes.sort_unstable();
    let at = |q: f64| {
        lifetimes
            .get(((lifetimes.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or_default()
    };
    println!(
        "attack over {} s: {} connections opened ({} connects failed), {} closed by the server, \
         {} bytes trickled; lifetime of a closed one: p50 {} ms, p99 {} ms, max {} ms",
        options.seconds,
        attack.opened.load(Ordering::Relaxed),
        attack.connect_failed.load(Ordering::Relaxed),
        attack.closed_by_server.load(Ordering::Relaxed),
        attack.bytes_sent.load(Ordering::Relaxed),
        at(0.5),
        at(0.99),
        at(1.0),
    );
    kept.report("real client, kept connection");
    fresh.report("real client, new connection per call");
    match peak {
        Some(kib) => println!("server peak resident memory: {} MiB", kib / 1024),
        None => println!("server peak resident memory: unknown"),
    }
    if !kept.failures.is_empty() || !fresh.failures.is_empty() {
        std::process::exit(1);
    }
}
