//! Property: every change `trift compat` lets through at `--fail-on wire`
//! (safe and source-breaking findings only) really keeps old and new peers
//! talking. For random pairs of a `struct S` (version 1 and a version 2 made
//! by adding, removing, retyping and re-qualifying fields), random values of
//! each version are encoded with one version's schema and decoded with the
//! other's, in both directions, over binary and compact; the decode must
//! succeed and keep every value the reader knows.
//!
//! The encoder and decoder are schema-driven stand-ins for generated code
//! (`support/codec.rs`), written against trift's protocol traits and following
//! Thrift's reading rules; they let the property run on fresh random pairs
//! every time. `compat_generated.rs` runs the same property through the code
//! trift-codegen generates, on a frozen sample of these pairs
//! (`idl/compat-pairs/`, compiled by `tests/build.rs`): each value goes from
//! the schema-driven encoder through the generated `decode`/`encode` of the
//! other version and back through the writer's, in both directions.

mod support;

use std::collections::BTreeMap;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use trift_idl::compat::Level;

use support::codec::{Protocol, decode, encode};
use support::pairs::{StructValue, check, pairs};
use support::schema::{FieldDef, FieldType, Req, Schema};
use support::value::Value;

/// Encodes `value` with `writer`'s schema and decodes it with `reader`'s;
/// the reader must get exactly the written values of the ids it knows.
fn round_trip(writer: &Schema, reader: &Schema, value: &StructValue) -> Result<(), String> {
    for protocol in [Protocol::Binary, Protocol::Compact] {
        let bytes = encode(protocol, writer, value)?;
        let decoded = decode(protocol, reader, bytes)
            .map_err(|e| format!("{protocol:?}: decode failed: {e}"))?;
        let expected: StructValue = value
            .iter()
            .filter(|(id, _)| reader.fields.iter().any(|f| f.id == **id))
            .map(|(id, v)| (*id, v.clone()))
            .collect();
        if decoded != expected {
            return Err(format!(
                "{protocol:?}: read {decoded:?}, expected {expected:?}"
            ));
        }
    }
    Ok(())
}

/// Both directions for every value: old writer/new reader and the reverse.
fn both_directions(
    v1: &Schema,
    v2: &Schema,
    values1: &[StructValue],
    values2: &[StructValue],
) -> Result<(), String> {
    for value in values1 {
        round_trip(v1, v2, value).map_err(|e| format!("v1 -> v2: {e}"))?;
    }
    for value in values2 {
        round_trip(v2, v1, value).map_err(|e| format!("v2 -> v1: {e}"))?;
    }
    Ok(())
}

// 256 cases by default; `PROPTEST_CASES` runs more.
proptest! {
    #[test]
    fn changes_the_checker_lets_through_round_trip(
        (v1, v2, values1, values2) in pairs()
    ) {
        let report = check(&v1, &v2);
        if !report.fails(Level::Wire) {
            let result = both_directions(&v1, &v2, &values1, &values2);
            prop_assert!(
                result.is_ok(),
                "checker: {}\n{:?}\nv1:\n{}\nv2:\n{}\n{}",
                report.summary(),
                report.findings.iter().map(|f| f.rule.id()).collect::<Vec<_>>(),
                v1.idl(),
                v2.idl(),
                result.unwrap_err()
            );
        }
    }
}

/// The property is not vacuous: a fixed sample holds many pairs the checker
/// lets through (some of them all-safe), and the harness does catch real
/// breaks among the pairs the checker rejects.
#[test]
fn the_sample_exercises_both_verdicts_and_the_harness_detects_breaks() {
    let mut runner = TestRunner::deterministic();
    let strategy = pairs();
    let (mut let_through, mut all_safe, mut rejected, mut rejected_and_broken) = (0, 0, 0, 0);
    for _ in 0..300 {
        let (v1, v2, values1, values2) = strategy
            .new_tree(&mut runner)
            .expect("generate a pair")
            .current();
        let report = check(&v1, &v2);
        let result = both_directions(&v1, &v2, &values1, &values2);
        if report.fails(Level::Wire) {
            rejected += 1;
            rejected_and_broken += usize::from(result.is_err());
        } else {
            assert!(result.is_ok(), "{}\n{}\n{:?}", v1.idl(), v2.idl(), result);
            let_through += 1;
            all_safe += usize::from(report.fails(Level::Source).then_some(()).is_none());
        }
    }
    eprintln!(
        "{let_through} let through ({all_safe} all safe), {rejected} rejected ({rejected_and_broken} of them broke a round trip)"
    );
    assert!(let_through >= 30, "{let_through} pairs let through");
    assert!(all_safe >= 10, "{all_safe} all-safe pairs");
    assert!(
        rejected_and_broken >= 30,
        "{rejected_and_broken} detected breaks"
    );
}

/// A change the checker calls wire-breaking does break the harness's round trip.
#[test]
fn a_retyped_required_field_breaks_the_round_trip() {
    let field = |ty| FieldDef {
        id: 1,
        name: "f1".into(),
        ty,
        req: Req::Required,
    };
    let v1 = Schema {
        fields: vec![field(FieldType::I32)],
    };
    let v2 = Schema {
        fields: vec![field(FieldType::I64)],
    };
    assert!(check(&v1, &v2).fails(Level::Wire));
    let value = BTreeMap::from([(1, Value::I32(7))]);
    let error = round_trip(&v1, &v2, &value).expect_err("i32 read as i64");
    assert!(error.contains("required field `f1` is missing"), "{error}");
}
