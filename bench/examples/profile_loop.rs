//! Runs one encode or decode of the benchmark struct in a loop, for profilers
//! that want a plain process rather than criterion: `perf stat`/`perf record`
//! or `valgrind --tool=callgrind` (deterministic instruction counts).
//!
//! `cargo build --release --example profile_loop`, then
//! `target/release/examples/profile_loop <op> <iterations>` where `<op>` is
//! `{encode,decode}-{binary,compact}-{trift,apache}`.

use std::hint::black_box;

use thrift::protocol::{
    TBinaryInputProtocol, TBinaryOutputProtocol, TCompactInputProtocol, TCompactOutputProtocol,
    TSerializable,
};
use trift::protocol::{BinaryReader, BinaryWriter, CompactReader, CompactWriter};
use trift::{Bytes, Decode, Encode};
use trift_bench::realistic::Order;
use trift_bench::{order as apache, to_apache};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(op), Some(iterations)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: profile_loop <op> <iterations>");
        std::process::exit(2);
    };
    let iterations: usize = iterations.parse().expect("iterations is a number");
    let order = Order::sample();
    let apache_order = to_apache(&order);
    let mut binary = Vec::new();
    order
        .encode(&mut BinaryWriter::new(&mut binary))
        .expect("encode");
    let mut compact = Vec::new();
    order
        .encode(&mut CompactWriter::new(&mut compact))
        .expect("encode");
    let binary_frame = Bytes::from(binary.clone());
    let compact_frame = Bytes::from(compact.clone());
    let mut out = Vec::with_capacity(4096);
    let mut checksum = 0_usize;
    for _ in 0..iterations {
        out.clear();
        checksum += match op.as_str() {
            "encode-binary-trift" => {
                order
                    .encode(&mut BinaryWriter::new(&mut out))
                    .expect("encode");
                out.len()
            }
            "encode-compact-trift" => {
                order
                    .encode(&mut CompactWriter::new(&mut out))
                    .expect("encode");
                out.len()
            }
            "encode-binary-apache" => {
                let mut protocol = TBinaryOutputProtocol::new(&mut out, true);
                apache_order
                    .write_to_out_protocol(&mut protocol)
                    .expect("encode");
                out.len()
            }
            "encode-compact-apache" => {
                let mut protocol = TCompactOutputProtocol::new(&mut out);
                apache_order
                    .write_to_out_protocol(&mut protocol)
                    .expect("encode");
                out.len()
            }
            "decode-binary-trift" => {
                let mut reader = BinaryReader::new(black_box(binary_frame.clone()));
                Order::decode(&mut reader).expect("decode").item_ids.len()
            }
            "decode-compact-trift" => {
                let mut reader = CompactReader::new(black_box(compact_frame.clone()));
                Order::decode(&mut reader).expect("decode").item_ids.len()
            }
            "decode-binary-apache" => {
                let mut protocol = TBinaryInputProtocol::new(black_box(&binary[..]), true);
                let decoded = apache::Order::read_from_in_protocol(&mut protocol);
                decoded.expect("decode").item_ids.map_or(0, |ids| ids.len())
            }
            "decode-compact-apache" => {
                let mut protocol = TCompactInputProtocol::new(black_box(&compact[..]));
                let decoded = apache::Order::read_from_in_protocol(&mut protocol);
                decoded.expect("decode").item_ids.map_or(0, |ids| ids.len())
            }
            other => {
                eprintln!("unknown op {other}");
                std::process::exit(2);
            }
        };
    }
    println!("{checksum}");
}
