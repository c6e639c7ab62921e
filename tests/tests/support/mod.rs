//! Helpers of the compat round-trip property: random schemas and a
//! schema-driven codec.

pub(crate) mod codec;
pub(crate) mod pairs;
pub(crate) mod schema;
