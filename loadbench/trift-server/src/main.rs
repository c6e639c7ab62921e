//! trift's server in the RPC load benchmark: `Server::builder()` with framed
//! binary, serving the `Bench` echo handler through the code trift's
//! generator writes for `idl/bench.thrift` (see `build.rs`).

use std::time::Duration;

/// The generated code of `idl/bench.thrift` (module `bench`).
mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}

use generated::bench::{Bench, BenchServer, Record};
use trift::{Framing, Protocol, Server};

/// Echoes both benchmark messages back.
struct EchoHandler;

impl Bench for EchoHandler {
    async fn echo_i32(&self, value: i32) -> Result<i32, trift::Error> {
        Ok(value)
    }

    async fn echo_record(&self, value: Record) -> Result<Record, trift::Error> {
        Ok(value)
    }
}

fn main() {
    let mut addr = String::from("127.0.0.1:19094");
    let mut max_seconds: u64 = 1800;
    // 0 (the default): connections are tasks on a work-stealing multi-thread
    // runtime, as `#[tokio::main]` gives. N: thread per core, N dedicated
    // single-threaded runtimes (`ServerBuilder::worker_threads`).
    let mut workers: usize = 0;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_default();
        match flag.as_str() {
            "--addr" => addr = value,
            "--max-seconds" => max_seconds = value.parse().expect("--max-seconds takes a number"),
            "--workers" => workers = value.parse().expect("--workers takes a number"),
            other => panic!("unknown flag {other}"),
        }
    }
    // With worker threads, the runtime here only accepts connections.
    let runtime = if workers > 0 {
        tokio::runtime::Builder::new_current_thread()
    } else {
        tokio::runtime::Builder::new_multi_thread()
    }
    .enable_all()
    .build()
    .expect("runtime");
    runtime.block_on(async move {
        let server = Server::builder()
            .protocol(Protocol::Binary)
            .framing(Framing::Framed)
            .max_connections(20_000)
            .worker_threads(workers)
            .bind(addr.as_str())
            .await
            .expect("bind");
        eprintln!("trift-server listening on {}", server.local_addr());
        let shutdown = tokio::time::sleep(Duration::from_secs(max_seconds));
        // Every process of the benchmark is bounded in time.
        if let Err(error) = server
            .serve_with_shutdown(BenchServer::new(EchoHandler), shutdown)
            .await
        {
            eprintln!("trift-server: {error}");
        }
    });
}
