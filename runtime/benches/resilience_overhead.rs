//! The per-call cost of the resilience stack.
//!
//! - `in_memory/*`: a call through deadline, retry, circuit breaker and the
//!   outstanding bound over an in-memory service that answers at once, vs
//!   the bare in-memory service: the layers' own cost, without network
//!   noise.
//! - `loopback/*`: a real two-way call over loopback (one connection), with
//!   a bare `Channel` vs a `ResilientChannel` with every layer (deadline,
//!   retry, breaker, bound, p2c balancer over one endpoint).
//!
//! `cargo bench -p trift --bench resilience_overhead`

#![allow(missing_docs, clippy::unwrap_used)]

use std::convert::Infallible;
use std::future::Ready;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use tower::{Service, ServiceBuilder, ServiceExt};
use trift::ResilientChannel;
use trift::resilience::{
    BreakerConfig, BreakerLayer, CircuitBreaker, DeadlineLayer, MaxOutstandingLayer, RetryLayer,
    RetryPolicy,
};
use trift::server::BoxReplyFuture;
use trift::{Channel, ClientReply, ClientRequest, Error, Server, ServerReply, ServerRequest};

#[path = "../tests/support/empty.rs"]
mod empty;
use empty::Empty;

/// Answers every call at once, in memory.
#[derive(Clone)]
struct Immediate;

impl Service<ClientRequest> for Immediate {
    type Response = ClientReply;
    type Error = Error;
    type Future = Ready<Result<ClientReply, Error>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _request: ClientRequest) -> Self::Future {
        std::future::ready(Ok(ClientReply::Sent))
    }
}

/// The server side of the loopback benchmark: answers `ping` with an empty
/// result.
#[derive(Clone)]
struct Pong;

impl Service<ServerRequest> for Pong {
    type Response = Option<ServerReply>;
    type Error = Infallible;
    type Future = BoxReplyFuture;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut request: ServerRequest) -> BoxReplyFuture {
        let _ = request.decode_args::<Empty>();
        trift::server::ready_reply(Some(request.into_reply_to().reply(Empty)))
    }
}

fn policy() -> RetryPolicy {
    RetryPolicy::default()
}

fn time_calls<S>(runtime: &tokio::runtime::Runtime, service: &S, iters: u64) -> Duration
where
    S: Service<ClientRequest, Response = ClientReply, Error = Error> + Clone,
{
    runtime.block_on(async {
        let started = Instant::now();
        for _ in 0..iters {
            let request = ClientRequest::call("ping", Empty).idempotent();
            let reply = service.clone().oneshot(request).await.unwrap();
            std::hint::black_box(reply);
        }
        started.elapsed()
    })
}

fn in_memory(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let _guard = runtime.enter();
    let bare = Immediate;
    let layered = ServiceBuilder::new()
        .layer(DeadlineLayer::new(Duration::from_secs(2)))
        .layer(RetryLayer::new(policy()))
        .layer(BreakerLayer::new(CircuitBreaker::new(
            "bench",
            BreakerConfig::default(),
        )))
        .layer(MaxOutstandingLayer::new(10_000))
        .service(Immediate);
    let mut group = c.benchmark_group("in_memory");
    group.bench_function("bare", |b| {
        b.iter_custom(|iters| time_calls(&runtime, &bare, iters));
    });
    group.bench_function("deadline_retry_breaker_bound", |b| {
        b.iter_custom(|iters| time_calls(&runtime, &layered, iters));
    });
    group.finish();
}

fn loopback(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let addr = runtime.block_on(async {
        let bound = Server::builder().bind("127.0.0.1:0").await.unwrap();
        let addr = bound.local_addr();
        tokio::spawn(bound.serve(Pong));
        addr
    });
    let (bare, resilient) = runtime.block_on(async {
        let bare = Channel::builder(addr).build();
        let resilient = ResilientChannel::builder([addr.to_string()])
            .deadline(Duration::from_secs(2))
            .max_outstanding(10_000)
            .circuit_breaker(BreakerConfig::default())
            .retry(policy())
            .build();
        (bare, resilient)
    });
    let mut group = c.benchmark_group("loopback");
    group.bench_function("channel", |b| {
        b.iter_custom(|iters| time_calls(&runtime, &bare, iters));
    });
    group.bench_function("resilient_channel", |b| {
        b.iter_custom(|iters| time_calls(&runtime, &resilient, iters));
    });
    group.finish();
}

criterion_group!(benches, in_memory, loopback);
criterion_main!(benches);
