//! Generated code against generated code: encode and decode of the realistic
//! struct through trift-codegen's output and through what Apache's
//! `thrift --gen rs` generates for crates.io's `thrift` crate, binary and
//! compact, in one criterion run.
//!
//! Before measuring, each side's bytes are decoded by the other and compared
//! by value (the `tags` map is a `HashMap` in trift's output and a `BTreeMap`
//! in Apache's, so entry order, and therefore the bytes, may differ).
//!
//! Groups: `generated/{encode,decode}/{binary,compact}/{trift,apache}`.
//!
//! Like the `protocols` bench, this measures the benchmark thread's CPU time
//! (wall time swamps the differences on shared 2-vCPU machines);
//! `TRIFT_BENCH_CLOCK=wall` selects criterion's wall clock.

use std::hint::black_box;
use std::time::{Duration, Instant};

use cpu_time::ThreadTime;
use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use thrift::protocol::{
    TBinaryInputProtocol, TBinaryOutputProtocol, TCompactInputProtocol, TCompactOutputProtocol,
    TSerializable,
};
use trift::protocol::{BinaryReader, BinaryWriter, CompactReader, CompactWriter};
use trift::{Bytes, Decode, Encode};
use trift_bench::generated::{apache_gen, sample, to_apache, trift_gen::order::Order};

/// Thread CPU time (default) or wall time, reported as durations.
struct BenchClock {
    thread_cpu: bool,
    epoch: Instant,
    wall: WallTime,
}

impl BenchClock {
    fn from_env() -> Self {
        BenchClock {
            thread_cpu: std::env::var("TRIFT_BENCH_CLOCK").as_deref() != Ok("wall"),
            epoch: Instant::now(),
            wall: WallTime,
        }
    }

    fn now(&self) -> Duration {
        if self.thread_cpu {
            ThreadTime::now().as_duration()
        } else {
            self.epoch.elapsed()
        }
    }
}

impl Measurement for BenchClock {
    type Intermediate = Duration;
    type Value = Duration;

    fn start(&self) -> Duration {
        self.now()
    }

    fn end(&self, start: Duration) -> Duration {
        self.now().saturating_sub(start)
    }

    fn add(&self, v1: &Duration, v2: &Duration) -> Duration {
        *v1 + *v2
    }

    fn zero(&self) -> Duration {
        Duration::ZERO
    }

    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        self.wall.formatter()
    }
}

#[derive(Clone, Copy)]
enum Wire {
    Binary,
    Compact,
}

impl Wire {
    fn name(self) -> &'static str {
        match self {
            Wire::Binary => "binary",
            Wire::Compact => "compact",
        }
    }

    fn trift_encode(self, order: &Order, out: &mut Vec<u8>) {
        match self {
            Wire::Binary => order.encode(&mut BinaryWriter::new(out)),
            Wire::Compact => order.encode(&mut CompactWriter::new(out)),
        }
        .expect("trift encode");
    }

    fn trift_decode(self, frame: Bytes) -> Order {
        match self {
            Wire::Binary => Order::decode(&mut BinaryReader::new(frame)),
            Wire::Compact => Order::decode(&mut CompactReader::new(frame)),
        }
        .expect("trift decode")
    }

    fn apache_encode(self, order: &apache_gen::Order, out: &mut Vec<u8>) {
        // Apache's generated code takes `&mut dyn TOutputProtocol` itself;
        // the protocol is built on the stack, as a caller would.
        match self {
            Wire::Binary => order.write_to_out_protocol(&mut TBinaryOutputProtocol::new(out, true)),
            Wire::Compact => order.write_to_out_protocol(&mut TCompactOutputProtocol::new(out)),
        }
        .expect("apache encode");
    }

    fn apache_decode(self, bytes: &[u8]) -> apache_gen::Order {
        match self {
            Wire::Binary => apache_gen::Order::read_from_in_protocol(
                &mut TBinaryInputProtocol::new(bytes, true),
            ),
            Wire::Compact => {
                apache_gen::Order::read_from_in_protocol(&mut TCompactInputProtocol::new(bytes))
            }
        }
        .expect("apache decode")
    }
}

fn bench(c: &mut Criterion<BenchClock>) {
    let order = sample();
    let apache_order = to_apache(&order);
    for wire in [Wire::Binary, Wire::Compact] {
        let mut trift_bytes = Vec::new();
        wire.trift_encode(&order, &mut trift_bytes);
        let mut apache_bytes = Vec::new();
        wire.apache_encode(&apache_order, &mut apache_bytes);
        assert_eq!(
            trift_bytes.len(),
            apache_bytes.len(),
            "{}: sizes differ",
            wire.name()
        );
        assert_eq!(
            wire.apache_decode(&trift_bytes),
            apache_order,
            "{}: apache reads trift",
            wire.name()
        );
        assert_eq!(
            wire.trift_decode(Bytes::from(apache_bytes.clone())),
            order,
            "{}: trift reads apache",
            wire.name()
        );

        let mut group = c.benchmark_group(format!("generated/encode/{}", wire.name()));
        group.throughput(Throughput::Bytes(trift_bytes.len() as u64));
        let mut out = Vec::with_capacity(trift_bytes.len() * 2);
        group.bench_function("trift", |b| {
            b.iter(|| {
                out.clear();
                wire.trift_encode(black_box(&order), &mut out);
                black_box(out.len())
            })
        });
        group.bench_function("apache", |b| {
            b.iter(|| {
                out.clear();
                wire.apache_encode(black_box(&apache_order), &mut out);
                black_box(out.len())
            })
        });
        group.finish();

        let mut group = c.benchmark_group(format!("generated/decode/{}", wire.name()));
        group.throughput(Throughput::Bytes(trift_bytes.len() as u64));
        let frame = Bytes::from(trift_bytes.clone());
        group.bench_function("trift", |b| {
            b.iter(|| wire.trift_decode(black_box(frame.clone())))
        });
        group.bench_function("apache", |b| {
            b.iter(|| wire.apache_decode(black_box(&apache_bytes[..])))
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(BenchClock::from_env());
    targets = bench
}
criterion_main!(benches);
