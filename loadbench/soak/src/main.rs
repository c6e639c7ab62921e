//! The soak test: `--calls` calls (default 1,000,000) through one
//! `ResilientChannel` balanced over three `trift-server` processes, while a
//! killer task SIGKILLs one of them (in turn) `--kill-every-ms` after the last
//! restart (default 1,000) and restarts it `--down-ms` later (default 500). `echo_i32` is marked idempotent, so the channel
//! retries it; `echo_record` (every tenth call) is not, so its failures reach
//! the caller. Every reply is checked against its request.
//!
//! At the end it prints the counts: calls, correct replies, wrong replies,
//! failures by method and kind, retries sent and refused by the budget,
//! kills and restarts. It exits 1 when a reply was wrong or a call was left
//! unaccounted for; failures themselves are figures, not errors.
//!
//! ```sh
//! cd loadbench && cargo build --release --bins
//! target/release/soak --server-bin target/release/trift-server
//! ```

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use trift::resilience::{CallError, FailureKind, RetryPolicy};
use trift::{Framing, Protocol, ResilientChannel};

/// The generated code of `idl/bench.thrift` (module `bench`), client side.
mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}

use generated::bench::{BenchClient, Owner, Record};

/// What the command line sets.
struct Options {
    calls: u64,
    concurrency: usize,
    servers: u16,
    base_port: u16,
    kill_every: Duration,
    down: Duration,
    server_bin: String,
}

impl Options {
    fn parse() -> Result<Options, String> {
        let mut options = Options {
            calls: 1_000_000,
            concurrency: 64,
            servers: 3,
            base_port: 19_201,
            kill_every: Duration::from_millis(1_000),
            down: Duration::from_millis(500),
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
                "--calls" => options.calls = number(&value)?,
                "--concurrency" => options.concurrency = number(&value)?.max(1) as usize,
                "--servers" => options.servers = number(&value)?.clamp(2, 16) as u16,
                "--base-port" => options.base_port = number(&value)?.min(60_000) as u16,
                "--kill-every-ms" => options.kill_every = Duration::from_millis(number(&value)?),
                "--down-ms" => options.down = Duration::from_millis(number(&value)?),
                "--server-bin" => options.server_bin = value,
                other => {
                    return Err(format!(
                        "unknown flag {other}; flags: --calls N --concurrency N --servers N \
                         --base-port N --kill-every-ms N --down-ms N --server-bin PATH"
                    ));
                }
            }
        }
        Ok(options)
    }
}

/// The server processes, restartable by index.
struct Servers {
    bin: String,
    addresses: Vec<String>,
    children: Vec<Option<Child>>,
}

impl Servers {
    fn start(options: &Options) -> Result<Servers, String> {
        let addresses: Vec<String> = (0..options.servers)
            .map(|i| format!("127.0.0.1:{}", options.base_port + i))
            .collect();
        let mut servers = Servers {
            bin: options.server_bin.clone(),
            children: addresses.iter().map(|_| None).collect(),
            addresses,
        };
        for index in 0..servers.addresses.len() {
            servers.spawn(index)?;
        }
        Ok(servers)
    }

    fn spawn(&mut self, index: usize) -> Result<(), String> {
        let child = Command::new(&self.bin)
            .args(["--addr", &self.addresses[index], "--max-seconds", "1800"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", self.bin))?;
        self.children[index] = Some(child);
        Ok(())
    }

    /// SIGKILL, then reap.
    fn kill(&mut self, index: usize) {
        if let Some(mut child) = self.children[index].take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Servers {
    fn drop(&mut self) {
        for index in 0..self.children.len() {
            self.kill(index);
        }
    }
}

/// Failures by method (0: echo_i32, 1: echo_record) and kind.
#[derive(Default)]
struct Counts {
    correct: AtomicU64,
    wrong: AtomicU64,
    failed: [[AtomicU64; 5]; 2],
}

fn kind_index(kind: FailureKind) -> usize {
    match kind {
        FailureKind::Declared => 0,
        FailureKind::Application => 1,
        FailureKind::Transport => 2,
        FailureKind::Refused => 3,
        FailureKind::Protocol => 4,
    }
}

const KINDS: [&str; 5] = [
    "declared",
    "application",
    "transport",
    "refused",
    "protocol",
];

fn record(n: u64) -> Record {
    Record {
        id: n as i64,
        account_id: 7,
        name: format!("user {n}"),
        email: "soak@example.com".to_owned(),
        item_ids: vec![1, 2, 3],
        tags: [("k".to_owned(), "v".to_owned())].into_iter().collect(),
        payload: trift::Bytes::from_static(&[0u8; 64]),
        owner: Owner {
            id: 1,
            name: "o".to_owned(),
            admin: false,
        },
        active: true,
        verified: false,
        score: 0.5,
    }
}

async fn call(client: &BenchClient<ResilientChannel>, n: u64, counts: &Counts) {
    if n % 10 == 9 {
        let sent = record(n);
        match client.echo_record(sent.clone()).await {
            Ok(back) if back == sent => counts.correct.fetch_add(1, Ordering::Relaxed),
            Ok(_) => counts.wrong.fetch_add(1, Ordering::Relaxed),
            Err(error) => {
                counts.failed[1][kind_index(error.failure_kind())].fetch_add(1, Ordering::Relaxed)
            }
        };
    } else {
        let sent = n as i32;
        match client.echo_i32(sent).await {
            Ok(back) if back == sent => counts.correct.fetch_add(1, Ordering::Relaxed),
            Ok(_) => counts.wrong.fetch_add(1, Ordering::Relaxed),
            Err(error) => {
                counts.failed[0][kind_index(error.failure_kind())].fetch_add(1, Ordering::Relaxed)
            }
        };
    }
}

#[tokio::main]
async fn main() {
    let options = match Options::parse() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("soak: {message}");
            std::process::exit(2);
        }
    };
    let mut servers = match Servers::start(&options) {
        Ok(servers) => servers,
        Err(message) => {
            eprintln!("soak: {message}");
            std::process::exit(2);
        }
    };
    // Let the servers bind before the first call.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let channel = ResilientChannel::builder(servers.addresses.clone())
        .protocol(Protocol::Binary)
        .framing(Framing::Framed)
        .deadline(Duration::from_secs(2))
        .connect_timeout(Duration::from_millis(200))
        .attempt_timeout(Duration::from_millis(500))
        .retry(RetryPolicy::default())
        .idempotent_methods(["echo_i32"])
        .build();
    let client = BenchClient::new(channel.clone());
    let counts = Arc::new(Counts::default());
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();

    let mut callers = Vec::new();
    for _ in 0..options.concurrency {
        let client = client.clone();
        let counts = Arc::clone(&counts);
        let next = Arc::clone(&next);
        let total = options.calls;
        callers.push(tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= total {
                    break;
                }
                call(&client, n, &counts).await;
            }
        }));
    }
    let all_done = async {
        for caller in callers {
            let _ = caller.await;
        }
    };
    tokio::pin!(all_done);

    let (mut kills, mut restarts) = (0u64, 0u64);
    let mut victim = 0usize;
    loop {
        tokio::select! {
            () = &mut all_done => break,
            () = tokio::time::sleep(options.kill_every) => {
                servers.kill(victim);
                kills += 1;
                tokio::select! {
                    () = &mut all_done => break,
                    () = tokio::time::sleep(options.down) => {}
                }
                if let Err(message) = servers.spawn(victim) {
                    eprintln!("soak: {message}");
                } else {
                    restarts += 1;
                }
                victim = (victim + 1) % servers.addresses.len();
            }
        }
    }
    let elapsed = started.elapsed();

    let correct = counts.correct.load(Ordering::Relaxed);
    let wrong = counts.wrong.load(Ordering::Relaxed);
    let failed: Vec<Vec<u64>> = counts
        .failed
        .iter()
        .map(|row| row.iter().map(|c| c.load(Ordering::Relaxed)).collect())
        .collect();
    let failed_total: u64 = failed.iter().flatten().sum();
    let retries = channel.retry_counters().unwrap_or_default();
    println!(
        "soak: {} calls in {:.1} s ({:.0} calls/s), {} servers; one killed {} ms after the last \
         restart and down for {} ms ({kills} kills, {restarts} restarts); {} callers",
        options.calls,
        elapsed.as_secs_f64(),
        options.calls as f64 / elapsed.as_secs_f64(),
        options.servers,
        options.kill_every.as_millis(),
        options.down.as_millis(),
        options.concurrency
    );
    println!("  correct replies: {correct}");
    println!("  wrong replies:   {wrong}");
    for (method, row) in ["echo_i32 (idempotent)", "echo_record (not idempotent)"]
        .iter()
        .zip(&failed)
    {
        let by_kind: Vec<String> = KINDS
            .iter()
            .zip(row)
            .filter(|(_, n)| **n > 0)
            .map(|(kind, n)| format!("{n} {kind}"))
            .collect();
        let total: u64 = row.iter().sum();
        println!(
            "  failed {method}: {total}{}",
            if by_kind.is_empty() {
                String::new()
            } else {
                format!(" ({})", by_kind.join(", "))
            }
        );
    }
    println!(
        "  retries sent: {}, refused by the budget: {}",
        retries.retries, retries.budget_exhausted
    );
    let accounted = correct + wrong + failed_total;
    println!("  accounted for: {accounted} of {}", options.calls);
    if wrong > 0 || accounted != options.calls {
        std::process::exit(1);
    }
}
