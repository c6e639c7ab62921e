//! trift-dynamic against generated code: encode and decode of the load
//! benchmark's ~1 KiB `Record` (`loadbench/idl/bench.thrift`: two i64 ids,
//! two short strings, a `list<i64>` of 48, a `map<string, string>` of 8, a
//! 320-byte binary, a nested struct, two bools and a double), on binary,
//! compact and JSON, in one criterion run.
//!
//! The record is the one the load generator sends. Before measuring, the
//! dynamic codec's bytes are checked to be generated code's bytes, and each
//! side decodes the other's to the same value.
//!
//! Groups: `{encode,decode}/{binary,compact,json}/{generated,dynamic}`.
//!
//! `cargo bench -p trift-dynamic-tests --bench codec`

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use trift::protocol::{
    BinaryReader, BinaryWriter, CompactReader, CompactWriter, JsonReader, JsonWriter,
};
use trift::{Bytes, Decode, Encode};
use trift_dynamic::{Schema, Ty, Value};
use trift_dynamic_tests::record::bench::{Owner, Record};

/// The record of `loadbench/wire/src/record.rs`.
fn sample() -> Record {
    let tags = [
        ("env", "prod"),
        ("region", "eu-west-1"),
        ("tier", "gold"),
        ("team", "payments"),
        ("lang", "rust"),
        ("zone", "b"),
        ("owner", "ada"),
        ("source", "loadbench"),
    ];
    Record {
        id: 1_234_567_890_123,
        account_id: 987_654_321,
        name: "Ada Lovelace".into(),
        email: "ada.lovelace@example.org".into(),
        item_ids: (0..48).map(|i| i * 1_000_003 + 17).collect(),
        tags: tags
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect::<HashMap<_, _>>(),
        payload: Bytes::from((0..320).map(|i| (i * 7 % 251) as u8).collect::<Vec<u8>>()),
        owner: Owner {
            id: 42,
            name: "Charles Babbage".into(),
            admin: true,
        },
        active: true,
        verified: false,
        score: 0.875,
    }
}

fn schema() -> (Arc<Schema>, Ty) {
    let idl =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../loadbench/idl/bench.thrift");
    let compilation = trift_idl::load(&[idl], &[]);
    let schema = Schema::new(&compilation.model.expect("bench.thrift checks")).expect("schema");
    let index = schema.find_struct("Record").expect("Record");
    (Arc::new(schema), Ty::Struct(index))
}

#[derive(Clone, Copy)]
enum Wire {
    Binary,
    Compact,
    Json,
}

impl Wire {
    fn name(self) -> &'static str {
        match self {
            Wire::Binary => "binary",
            Wire::Compact => "compact",
            Wire::Json => "json",
        }
    }

    fn generated_encode(self, record: &Record, out: &mut Vec<u8>) {
        match self {
            Wire::Binary => record.encode(&mut BinaryWriter::new(out)),
            Wire::Compact => record.encode(&mut CompactWriter::new(out)),
            Wire::Json => record.encode(&mut JsonWriter::new(out)),
        }
        .expect("generated encode");
    }

    fn generated_decode(self, frame: Bytes) -> Record {
        match self {
            Wire::Binary => Record::decode(&mut BinaryReader::new(frame)),
            Wire::Compact => Record::decode(&mut CompactReader::new(frame)),
            Wire::Json => Record::decode(&mut JsonReader::new(frame)),
        }
        .expect("generated decode")
    }

    fn dynamic_encode(self, schema: &Schema, ty: &Ty, value: &Value, out: &mut Vec<u8>) {
        match self {
            Wire::Binary => trift_dynamic::encode(schema, ty, value, &mut BinaryWriter::new(out)),
            Wire::Compact => trift_dynamic::encode(schema, ty, value, &mut CompactWriter::new(out)),
            Wire::Json => trift_dynamic::encode(schema, ty, value, &mut JsonWriter::new(out)),
        }
        .expect("dynamic encode");
    }

    fn dynamic_decode(self, schema: &Schema, ty: &Ty, frame: Bytes) -> Value {
        match self {
            Wire::Binary => trift_dynamic::decode(schema, ty, &mut BinaryReader::new(frame)),
            Wire::Compact => trift_dynamic::decode(schema, ty, &mut CompactReader::new(frame)),
            Wire::Json => trift_dynamic::decode(schema, ty, &mut JsonReader::new(frame)),
        }
        .expect("dynamic decode")
    }
}

fn bench(c: &mut Criterion) {
    let record = sample();
    let (schema, ty) = schema();
    for wire in [Wire::Binary, Wire::Compact, Wire::Json] {
        let mut bytes = Vec::new();
        wire.generated_encode(&record, &mut bytes);
        let frame = Bytes::from(bytes.clone());
        // The dynamic value of the same record, and the same bytes back.
        let value = wire.dynamic_decode(&schema, &ty, frame.clone());
        let mut again = Vec::new();
        wire.dynamic_encode(&schema, &ty, &value, &mut again);
        assert_eq!(again, bytes, "{}: dynamic bytes differ", wire.name());
        assert_eq!(wire.generated_decode(Bytes::from(again)), record);

        let mut group = c.benchmark_group(format!("encode/{}", wire.name()));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        let mut out = Vec::with_capacity(bytes.len() * 2);
        group.bench_function("generated", |b| {
            b.iter(|| {
                out.clear();
                wire.generated_encode(black_box(&record), &mut out);
                black_box(out.len())
            })
        });
        group.bench_function("dynamic", |b| {
            b.iter(|| {
                out.clear();
                wire.dynamic_encode(&schema, &ty, black_box(&value), &mut out);
                black_box(out.len())
            })
        });
        group.finish();

        let mut group = c.benchmark_group(format!("decode/{}", wire.name()));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function("generated", |b| {
            b.iter(|| black_box(wire.generated_decode(black_box(frame.clone()))))
        });
        group.bench_function("dynamic", |b| {
            b.iter(|| black_box(wire.dynamic_decode(&schema, &ty, black_box(frame.clone()))))
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
