//! Pairs of schema versions for the compat round-trip properties, and the
//! checker's verdict on a pair.

use std::collections::BTreeMap;

use proptest::collection::vec;
use proptest::prelude::*;
use trift_idl::compat::{Contract, Options, Report, compare};

use super::schema::{Schema, apply, edits, schema, struct_value};
use super::value::Value;

/// The values of one `struct S`, by field id.
pub(crate) type StructValue = BTreeMap<i16, Value>;

/// Version 1, version 2, and a few values of each.
pub(crate) fn pairs() -> impl Strategy<Value = (Schema, Schema, Vec<StructValue>, Vec<StructValue>)>
{
    (schema(), edits()).prop_flat_map(|(v1, edits)| {
        let v2 = apply(&v1, &edits);
        let values1 = vec(struct_value(&v1), 1..4);
        let values2 = vec(struct_value(&v2), 1..4);
        (Just(v1), Just(v2), values1, values2)
    })
}

/// Runs the checker on the IDL text of both versions.
pub(crate) fn check(v1: &Schema, v2: &Schema) -> Report {
    let load = |name: &str, schema: &Schema| {
        let text = schema.idl();
        Contract::from_source(name, &text).unwrap_or_else(|c| {
            panic!("generated IDL does not check:\n{text}\n{:?}", c.diagnostics)
        })
    };
    compare(
        &load("v1.thrift", v1),
        &load("v2.thrift", v2),
        &Options::default(),
    )
}
