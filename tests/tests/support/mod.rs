//! Helpers of the compat round-trip property: random schemas and a
//! schema-driven codec of the tests' one value tree (the runtime's
//! `runtime/tests/support/value.rs`, included by path).

pub(crate) mod codec;
pub(crate) mod pairs;
pub(crate) mod schema;
#[allow(dead_code, unreachable_pub)]
#[path = "../../../runtime/tests/support/value.rs"]
pub(crate) mod value;
