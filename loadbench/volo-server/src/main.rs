//! The volo-thrift peer of the RPC load benchmark.
//!
//! cloudwego's volo-thrift server with the service code pilota-build/volo-build
//! generate from `idl/bench.thrift` in build.rs; volo's default codec detects
//! the framed binary transport the generator speaks and answers in kind.

#[allow(clippy::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/bench_gen.rs"));
}

use std::net::SocketAddr;
use std::time::Duration;

use generated::bench_gen::bench::{Bench, BenchServer, Record};

/// Echoes both benchmark messages back.
struct EchoHandler;

impl Bench for EchoHandler {
    async fn echo_i32(&self, value: i32) -> Result<i32, volo_thrift::ServerError> {
        Ok(value)
    }

    async fn echo_record(&self, value: Record) -> Result<Record, volo_thrift::ServerError> {
        Ok(value)
    }
}

fn main() {
    let mut addr = String::from("127.0.0.1:19093");
    let mut max_seconds: u64 = 1800;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_default();
        match flag.as_str() {
            "--addr" => addr = value,
            "--max-seconds" => max_seconds = value.parse().expect("--max-seconds takes a number"),
            other => panic!("unknown flag {other}"),
        }
    }
    let addr: SocketAddr = addr.parse().expect("--addr takes host:port");
    // The same runtime shape as volo's own `#[volo::main]`: tokio multi-thread.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        eprintln!("volo-server listening on {addr}");
        let server = BenchServer::new(EchoHandler).run(volo::net::Address::from(addr));
        // Every process of the benchmark is bounded in time.
        if let Ok(Err(error)) = tokio::time::timeout(Duration::from_secs(max_seconds), server).await
        {
            eprintln!("volo-server: {error}");
        }
    });
}
