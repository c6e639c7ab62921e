//! Property: every change `trift compat` lets through at `--fail-on wire`
//! round-trips across GENERATED code of both versions, in both directions,
//! over binary and compact.
//!
//! The pairs are a frozen sample of `pairs()` (`support/pairs.rs`, the
//! strategy of `compat_roundtrip.rs`): `idl/compat-pairs/pNN/{v1,v2}.thrift`
//! plus `idl/compat-pairs/manifest.txt` with the checker's verdict on each.
//! `TRIFT_REGEN_COMPAT_PAIRS=1 cargo test -p trift-tests --test compat_generated`
//! rewrites them; without the variable, `the_frozen_pairs_are_up_to_date`
//! fails if they differ from what the generator draws. `tests/build.rs`
//! compiles every file, so `generated::compat_pairs::pNN::{v1, v2}::S` exist.
//!
//! For each pair the checker lets through, random values of each version
//! (64 proptest cases) go: schema-driven encoder (writer schema) → generated
//! reader `decode` → generated reader `encode`, which the schema-driven
//! decoder must read as the values both versions know plus the reader's
//! defaults for default-requiredness fields the writer lacked → generated
//! writer `decode` → generated writer `encode`, which must read back as the
//! values that survived both trips. For the pairs the checker rejects, the
//! same harness must catch real breaks.

mod support;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use trift::{Bytes, Decode, Encode};
use trift_idl::compat::Level;
use trift_tests::protocols::Protocol as GenProtocol;

use support::codec::{Protocol, decode, encode, ttype};
use support::pairs::{StructValue, check, pairs};
use support::schema::{FieldType, Req, Schema, struct_value};
use support::value::Value;

/// How many pairs the sample holds (`p00` ..).
const PAIR_COUNT: usize = 64;

/// Random values per pair and direction.
const CASES: u32 = 64;

/// The first line of every frozen file.
const HEADER: &str = "// Frozen sample of tests/tests/support/pairs.rs; regenerate with\n// TRIFT_REGEN_COMPAT_PAIRS=1 cargo test -p trift-tests --test compat_generated\n";

/// The deterministic sample: version 1 and version 2 of each pair, drawn
/// once per test process.
fn sample() -> &'static [(Schema, Schema)] {
    static SAMPLE: OnceLock<Vec<(Schema, Schema)>> = OnceLock::new();
    SAMPLE.get_or_init(draw_sample)
}

fn draw_sample() -> Vec<(Schema, Schema)> {
    let mut runner = TestRunner::deterministic();
    let strategy = pairs();
    (0..PAIR_COUNT)
        .map(|_| {
            let (v1, v2, _, _) = strategy
                .new_tree(&mut runner)
                .expect("generate a pair")
                .current();
            (v1, v2)
        })
        .collect()
}

/// The text of `idl/compat-pairs/pNN/<version>.thrift`.
fn frozen_file(index: usize, version: &str, schema: &Schema) -> String {
    format!(
        "{HEADER}\nnamespace rs compat_pairs.p{index:02}.{version}\n\n{}",
        schema.idl()
    )
}

/// One manifest line per pair: its name, the verdict at `--fail-on wire`, and
/// the rules that fired.
fn manifest(sample: &[(Schema, Schema)]) -> String {
    let mut text = String::from(
        "# pair verdict(at --fail-on wire) summary: rules\n# written with the files by TRIFT_REGEN_COMPAT_PAIRS=1\n",
    );
    for (index, (v1, v2)) in sample.iter().enumerate() {
        let report = check(v1, v2);
        let verdict = if report.fails(Level::Wire) {
            "rejected"
        } else {
            "let-through"
        };
        let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.id()).collect();
        text.push_str(&format!(
            "p{index:02} {verdict} {}: {}\n",
            report.summary(),
            rules.join(" ")
        ));
    }
    text
}

fn pairs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../idl/compat-pairs")
}

/// Every frozen file with its expected text.
fn expected_files() -> Vec<(PathBuf, String)> {
    let sample = sample();
    let dir = pairs_dir();
    let mut files = vec![(dir.join("manifest.txt"), manifest(sample))];
    for (index, (v1, v2)) in sample.iter().enumerate() {
        let pair = dir.join(format!("p{index:02}"));
        files.push((pair.join("v1.thrift"), frozen_file(index, "v1", v1)));
        files.push((pair.join("v2.thrift"), frozen_file(index, "v2", v2)));
    }
    files
}

#[test]
fn the_frozen_pairs_are_up_to_date() {
    let files = expected_files();
    if std::env::var_os("TRIFT_REGEN_COMPAT_PAIRS").is_some_and(|v| v == "1") {
        for (path, text) in &files {
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("create dir");
            std::fs::write(path, text).expect("write a frozen file");
        }
        return;
    }
    for (path, text) in &files {
        let frozen = std::fs::read_to_string(path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; run with TRIFT_REGEN_COMPAT_PAIRS=1",
                path.display()
            )
        });
        assert_eq!(
            &frozen,
            text,
            "{} is stale; run with TRIFT_REGEN_COMPAT_PAIRS=1",
            path.display()
        );
    }
}

/// What generated code holds for a default-requiredness field nobody wrote.
fn zero(ty: &FieldType) -> Value {
    match ty {
        FieldType::Bool => Value::Bool(false),
        FieldType::I8 => Value::I8(0),
        FieldType::I16 => Value::I16(0),
        FieldType::I32 => Value::I32(0),
        FieldType::I64 => Value::I64(0),
        FieldType::Double => Value::Double(0.0),
        FieldType::String => Value::String(String::new()),
        FieldType::Binary => Value::Binary(Bytes::new()),
        // `Default` of a generated enum is its first member, RED = 1.
        FieldType::Color => Value::I32(1),
        // `Inner::default()`: `a` is 0, `b` unset.
        FieldType::Inner => Value::Struct(vec![(1, Value::I32(0))]),
        FieldType::List(e) => Value::List(ttype(e), Vec::new()),
        FieldType::Set(e) => Value::Set(ttype(e), Vec::new()),
        FieldType::Map(k, v) => Value::Map(ttype(k), ttype(v), Vec::new()),
    }
}

/// What `reader`'s generated code keeps of `value`, written by `writer`:
/// the values of the ids it knows, and its defaults for the
/// default-requiredness fields it did not get.
fn after_trip(reader: &Schema, value: &StructValue) -> StructValue {
    reader
        .fields
        .iter()
        .filter_map(|f| match value.get(&f.id) {
            Some(v) => Some((f.id, v.clone())),
            None if f.req == Req::Default => Some((f.id, zero(&f.ty))),
            None => None,
        })
        .collect()
}

/// Sets and maps in a canonical order, without repeated elements or keys:
/// generated sets and maps neither keep order nor hold duplicates.
fn canonical(value: &Value) -> Value {
    let key = |v: &Value| format!("{v:?}");
    match value {
        Value::List(elem, items) => Value::List(*elem, items.iter().map(canonical).collect()),
        Value::Set(elem, items) => {
            let mut items: Vec<Value> = items.iter().map(canonical).collect();
            items.sort_by_key(key);
            items.dedup();
            Value::Set(*elem, items)
        }
        Value::Map(key_type, value_type, entries) => {
            let mut unique: Vec<(Value, Value)> = Vec::new();
            for (k, v) in entries {
                let k = canonical(k);
                if !unique.iter().any(|(seen, _)| *seen == k) {
                    unique.push((k, canonical(v)));
                }
            }
            unique.sort_by_key(|(k, _)| key(k));
            Value::Map(*key_type, *value_type, unique)
        }
        Value::Struct(fields) => {
            Value::Struct(fields.iter().map(|(id, v)| (*id, canonical(v))).collect())
        }
        other => other.clone(),
    }
}

fn canonical_struct(value: &StructValue) -> StructValue {
    value.iter().map(|(id, v)| (*id, canonical(v))).collect()
}

fn gen_protocol(protocol: Protocol) -> GenProtocol {
    match protocol {
        Protocol::Binary => GenProtocol::Binary,
        Protocol::Compact => GenProtocol::Compact,
    }
}

/// Decodes `bytes` with generated `T` and encodes the result again.
fn through_generated<T: Encode + Decode>(
    protocol: Protocol,
    bytes: &[u8],
) -> Result<Bytes, String> {
    let protocol = gen_protocol(protocol);
    let value: T = protocol
        .decode(bytes)
        .map_err(|e| format!("generated decode failed: {e}"))?;
    let bytes = protocol
        .encode(&value)
        .map_err(|e| format!("generated encode failed: {e}"))?;
    Ok(Bytes::from(bytes))
}

/// Reads `bytes` with `schema` and compares with `expected`.
fn expect(
    protocol: Protocol,
    schema: &Schema,
    bytes: Bytes,
    expected: &StructValue,
) -> Result<(), String> {
    let read = decode(protocol, schema, bytes).map_err(|e| format!("decode failed: {e}"))?;
    let (read, expected) = (canonical_struct(&read), canonical_struct(expected));
    if read != expected {
        return Err(format!("read {read:?}, expected {expected:?}"));
    }
    Ok(())
}

/// `value` of `writer` → generated `R` → generated `W`, over both protocols.
fn there_and_back<W: Encode + Decode, R: Encode + Decode>(
    writer: &Schema,
    reader: &Schema,
    value: &StructValue,
) -> Result<(), String> {
    let value = canonical_struct(value);
    for protocol in [Protocol::Binary, Protocol::Compact] {
        let at_reader = after_trip(reader, &value);
        let back_at_writer = after_trip(writer, &at_reader);
        let bytes = encode(protocol, writer, &value)?;
        let bytes = through_generated::<R>(protocol, &bytes)
            .map_err(|e| format!("{protocol:?}, reader: {e}"))?;
        expect(protocol, reader, bytes.clone(), &at_reader)
            .map_err(|e| format!("{protocol:?}, reader: {e}"))?;
        let bytes = through_generated::<W>(protocol, &bytes)
            .map_err(|e| format!("{protocol:?}, back at the writer: {e}"))?;
        expect(protocol, writer, bytes, &back_at_writer)
            .map_err(|e| format!("{protocol:?}, back at the writer: {e}"))?;
    }
    Ok(())
}

/// Both directions: a value of v1 through v2 and back, a value of v2 through v1 and back.
fn both_directions<V1: Encode + Decode, V2: Encode + Decode>(
    v1: &Schema,
    v2: &Schema,
    value1: &StructValue,
    value2: &StructValue,
) -> Result<(), String> {
    there_and_back::<V1, V2>(v1, v2, value1).map_err(|e| format!("v1 -> v2: {e}"))?;
    there_and_back::<V2, V1>(v2, v1, value2).map_err(|e| format!("v2 -> v1: {e}"))
}

/// The round trips of one pair, with its generated types filled in.
type PairTrip = fn(&Schema, &Schema, &StructValue, &StructValue) -> Result<(), String>;

/// Checks that the frozen files of pair `index` are what the sample holds, so
/// the generated types match the schemas the values are drawn from.
fn frozen_pair(index: usize, v1_text: &str, v2_text: &str) -> (Schema, Schema) {
    let (v1, v2) = sample()[index].clone();
    assert_eq!(
        v1_text,
        frozen_file(index, "v1", &v1),
        "p{index:02}/v1 is stale"
    );
    assert_eq!(
        v2_text,
        frozen_file(index, "v2", &v2),
        "p{index:02}/v2 is stale"
    );
    (v1, v2)
}

/// For a pair the checker lets through: every case must round-trip.
fn let_through_pairs_round_trip(index: usize, v1_text: &str, v2_text: &str, trip: PairTrip) {
    let (v1, v2) = frozen_pair(index, v1_text, v2_text);
    let report = check(&v1, &v2);
    if report.fails(Level::Wire) {
        return;
    }
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    });
    let values = (struct_value(&v1), struct_value(&v2));
    let result = runner.run(&values, |(value1, value2)| {
        if let Err(e) = trip(&v1, &v2, &value1, &value2) {
            return Err(TestCaseError::fail(format!(
                "p{index:02} checker: {}\nv1:\n{}\nv2:\n{}\n{e}",
                report.summary(),
                v1.idl(),
                v2.idl(),
            )));
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

macro_rules! generated_pairs {
    ($($pair:ident = $index:literal),* $(,)?) => {
        /// Every pair's round trips, by index.
        const TRIPS: &[PairTrip] = &[$(
            both_directions::<
                trift_tests::generated::compat_pairs::$pair::v1::S,
                trift_tests::generated::compat_pairs::$pair::v2::S,
            >
        ),*];

        /// Every pair's frozen files, by index.
        const TEXTS: &[(&str, &str)] = &[$((
            include_str!(concat!("../../idl/compat-pairs/", stringify!($pair), "/v1.thrift")),
            include_str!(concat!("../../idl/compat-pairs/", stringify!($pair), "/v2.thrift")),
        )),*];

        $(
            #[test]
            fn $pair() {
                let (v1, v2) = TEXTS[$index];
                let_through_pairs_round_trip($index, v1, v2, TRIPS[$index]);
            }
        )*
    };
}

generated_pairs!(
    p00 = 0,
    p01 = 1,
    p02 = 2,
    p03 = 3,
    p04 = 4,
    p05 = 5,
    p06 = 6,
    p07 = 7,
    p08 = 8,
    p09 = 9,
    p10 = 10,
    p11 = 11,
    p12 = 12,
    p13 = 13,
    p14 = 14,
    p15 = 15,
    p16 = 16,
    p17 = 17,
    p18 = 18,
    p19 = 19,
    p20 = 20,
    p21 = 21,
    p22 = 22,
    p23 = 23,
    p24 = 24,
    p25 = 25,
    p26 = 26,
    p27 = 27,
    p28 = 28,
    p29 = 29,
    p30 = 30,
    p31 = 31,
    p32 = 32,
    p33 = 33,
    p34 = 34,
    p35 = 35,
    p36 = 36,
    p37 = 37,
    p38 = 38,
    p39 = 39,
    p40 = 40,
    p41 = 41,
    p42 = 42,
    p43 = 43,
    p44 = 44,
    p45 = 45,
    p46 = 46,
    p47 = 47,
    p48 = 48,
    p49 = 49,
    p50 = 50,
    p51 = 51,
    p52 = 52,
    p53 = 53,
    p54 = 54,
    p55 = 55,
    p56 = 56,
    p57 = 57,
    p58 = 58,
    p59 = 59,
    p60 = 60,
    p61 = 61,
    p62 = 62,
    p63 = 63,
);

/// The sample holds both verdicts, and among the pairs the checker rejects
/// the harness sees real breaks (so the property above can fail).
#[test]
fn the_sample_has_both_verdicts_and_rejected_pairs_break() {
    assert_eq!(TRIPS.len(), PAIR_COUNT);
    let sample = sample();
    let mut runner = TestRunner::deterministic();
    let (mut let_through, mut rejected, mut broken) = (0, 0, 0);
    for (index, (v1, v2)) in sample.iter().enumerate() {
        if !check(v1, v2).fails(Level::Wire) {
            let_through += 1;
            continue;
        }
        rejected += 1;
        let values = (struct_value(v1), struct_value(v2));
        let breaks = (0..CASES).any(|_| {
            let (value1, value2) = values.new_tree(&mut runner).expect("values").current();
            TRIPS[index](v1, v2, &value1, &value2).is_err()
        });
        broken += usize::from(breaks);
    }
    eprintln!(
        "{let_through} let through, {rejected} rejected ({broken} of them broke a round trip)"
    );
    assert!(let_through >= 10, "{let_through} pairs let through");
    assert!(rejected >= 10, "{rejected} pairs rejected");
    assert!(broken >= 1, "no rejected pair broke a round trip");
    assert!(
        broken * 2 >= rejected,
        "only {broken} of {rejected} rejected pairs broke a round trip"
    );
}
