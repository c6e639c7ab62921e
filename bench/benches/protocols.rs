//! Encode and decode of one realistic struct with each protocol, trift beside
//! crates.io's `thrift` crate (Apache's Rust library, driven by the code its
//! own compiler generates) and pilota (volo-thrift's codec), in one run.
//!
//! Encoding appends to a buffer reused across iterations; decoding reads from
//! an in-memory frame. Before anything is measured, every peer's encoding is
//! checked to be byte-identical to trift's and to decode back to the value.
//!
//! Groups: `encode/{binary,compact,json}/{trift,apache,pilota}` and the same
//! under `decode/`. JSON is trift-only: neither peer has TJSONProtocol in Rust.
//!
//! The clock is the benchmark thread's CPU time by default: on the shared
//! 2-vCPU machines this runs on, wall-clock samples include whatever time the
//! thread spends descheduled, which swamps differences between peers.
//! `TRIFT_BENCH_CLOCK=wall` selects criterion's usual wall clock.

use std::hint::black_box;
use std::time::{Duration, Instant};

use bytes::BytesMut;
use cpu_time::ThreadTime;
use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use thrift::protocol::{
    TBinaryInputProtocol, TBinaryOutputProtocol, TCompactInputProtocol, TCompactOutputProtocol,
    TSerializable,
};
use trift::protocol::{
    BinaryReader, BinaryWriter, CompactReader, CompactWriter, JsonReader, JsonWriter,
    ProtocolReader, ProtocolWriter,
};
use trift::{Bytes, Decode, Encode};
use trift_bench::realistic::Order;
use trift_bench::{order as apache, pilota_order, to_apache};

use pilota::thrift::Message as _;

/// Thread CPU time or wall time, both reported as durations.
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

/// How trift, Apache and pilota encode and decode with one protocol.
struct Peers {
    name: &'static str,
    trift_encode: fn(&Order, &mut Vec<u8>),
    trift_decode: fn(Bytes) -> Order,
    apache_encode: Option<fn(&apache::Order, &mut Vec<u8>)>,
    apache_decode: Option<fn(&[u8]) -> apache::Order>,
    pilota_encode: Option<fn(&pilota_order::Order, &mut BytesMut)>,
    pilota_decode: Option<fn(Bytes) -> pilota_order::Order>,
}

fn trift_encode_with<W: ProtocolWriter>(order: &Order, writer: &mut W) {
    order.encode(writer).expect("trift encode");
}

fn trift_decode_with<R: ProtocolReader>(reader: &mut R) -> Order {
    Order::decode(reader).expect("trift decode")
}

fn peers() -> Vec<Peers> {
    vec![
        Peers {
            name: "binary",
            trift_encode: |order, out| trift_encode_with(order, &mut BinaryWriter::new(out)),
            trift_decode: |frame| trift_decode_with(&mut BinaryReader::new(frame)),
            apache_encode: Some(|order, out| {
                let mut protocol = TBinaryOutputProtocol::new(out, true);
                order
                    .write_to_out_protocol(&mut protocol)
                    .expect("apache encode");
            }),
            apache_decode: Some(|frame| {
                let mut protocol = TBinaryInputProtocol::new(frame, true);
                apache::Order::read_from_in_protocol(&mut protocol).expect("apache decode")
            }),
            pilota_encode: Some(|order, out| {
                let mut protocol = pilota::thrift::binary::TBinaryProtocol::new(out, true);
                order.encode(&mut protocol).expect("pilota encode");
            }),
            pilota_decode: Some(|mut frame| {
                let mut protocol = pilota::thrift::binary::TBinaryProtocol::new(&mut frame, true);
                pilota_order::Order::decode(&mut protocol).expect("pilota decode")
            }),
        },
        Peers {
            name: "compact",
            trift_encode: |order, out| trift_encode_with(order, &mut CompactWriter::new(out)),
            trift_decode: |frame| trift_decode_with(&mut CompactReader::new(frame)),
            apache_encode: Some(|order, out| {
                let mut protocol = TCompactOutputProtocol::new(out);
                order
                    .write_to_out_protocol(&mut protocol)
                    .expect("apache encode");
            }),
            apache_decode: Some(|frame| {
                let mut protocol = TCompactInputProtocol::new(frame);
                apache::Order::read_from_in_protocol(&mut protocol).expect("apache decode")
            }),
            // pilota 0.13.1's compact protocol cannot carry this struct: its
            // reader never pops the field-id stack in read_struct_end (fields
            // after a nested struct get wrong ids) and it writes doubles
            // big-endian but reads them little-endian (Apache: little-endian).
            pilota_encode: None,
            pilota_decode: None,
        },
        Peers {
            name: "json",
            trift_encode: |order, out| trift_encode_with(order, &mut JsonWriter::new(out)),
            trift_decode: |frame| trift_decode_with(&mut JsonReader::new(frame)),
            apache_encode: None,
            apache_decode: None,
            pilota_encode: None,
            pilota_decode: None,
        },
    ]
}

/// Encodes `order` with every peer, asserts identical bytes and that each
/// peer decodes them back to the value; returns trift's encoding.
fn check_peers(peers: &Peers, order: &Order) -> Vec<u8> {
    let mut trift_bytes = Vec::new();
    (peers.trift_encode)(order, &mut trift_bytes);
    let decoded = (peers.trift_decode)(Bytes::from(trift_bytes.clone()));
    assert_eq!(&decoded, order, "{}: trift round trip", peers.name);

    if let (Some(encode), Some(decode)) = (peers.apache_encode, peers.apache_decode) {
        let apache_order = to_apache(order);
        let mut apache_bytes = Vec::new();
        encode(&apache_order, &mut apache_bytes);
        assert_eq!(
            apache_bytes, trift_bytes,
            "{}: apache bytes differ",
            peers.name
        );
        assert_eq!(
            decode(&trift_bytes),
            apache_order,
            "{}: apache decode",
            peers.name
        );
    }
    if let (Some(encode), Some(decode)) = (peers.pilota_encode, peers.pilota_decode) {
        let pilota_order = pilota_order::from_trift(order);
        let mut pilota_bytes = BytesMut::new();
        encode(&pilota_order, &mut pilota_bytes);
        assert_eq!(
            &pilota_bytes[..],
            &trift_bytes[..],
            "{}: pilota bytes differ",
            peers.name
        );
        let frame = Bytes::from(trift_bytes.clone());
        assert_eq!(decode(frame), pilota_order, "{}: pilota decode", peers.name);
    }
    trift_bytes
}

fn group<'a>(
    c: &'a mut Criterion<BenchClock>,
    op: &str,
    peers: &Peers,
    len: usize,
) -> BenchmarkGroup<'a, BenchClock> {
    let mut group = c.benchmark_group(format!("{op}/{}", peers.name));
    group.throughput(Throughput::Bytes(len as u64));
    group
}

fn encode(c: &mut Criterion<BenchClock>) {
    let order = Order::sample();
    let apache_order = to_apache(&order);
    let pilota_order = pilota_order::from_trift(&order);
    for peers in peers() {
        let bytes = check_peers(&peers, &order);
        let mut group = group(c, "encode", &peers, bytes.len());
        let mut out = Vec::with_capacity(bytes.len() * 2);
        group.bench_function("trift", |b| {
            b.iter(|| {
                out.clear();
                (peers.trift_encode)(black_box(&order), &mut out);
                black_box(out.len())
            })
        });
        if let Some(encode) = peers.apache_encode {
            group.bench_function("apache", |b| {
                b.iter(|| {
                    out.clear();
                    encode(black_box(&apache_order), &mut out);
                    black_box(out.len())
                })
            });
        }
        if let Some(encode) = peers.pilota_encode {
            let mut out = BytesMut::with_capacity(bytes.len() * 2);
            group.bench_function("pilota", |b| {
                b.iter(|| {
                    out.clear();
                    encode(black_box(&pilota_order), &mut out);
                    black_box(out.len())
                })
            });
        }
        group.finish();
    }
}

fn decode(c: &mut Criterion<BenchClock>) {
    let order = Order::sample();
    for peers in peers() {
        let bytes = check_peers(&peers, &order);
        let frame = Bytes::from(bytes.clone());
        let mut group = group(c, "decode", &peers, bytes.len());
        group.bench_function("trift", |b| {
            b.iter(|| (peers.trift_decode)(black_box(frame.clone())))
        });
        if let Some(decode) = peers.apache_decode {
            group.bench_function("apache", |b| b.iter(|| decode(black_box(&bytes[..]))));
        }
        if let Some(decode) = peers.pilota_decode {
            group.bench_function("pilota", |b| b.iter(|| decode(black_box(frame.clone()))));
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(BenchClock::from_env());
    targets = encode, decode
}
criterion_main!(benches);
