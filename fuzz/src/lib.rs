//! Shared code of the fuzz targets: the realistic `Order` struct and the
//! round-trip oracle, both included from `runtime/tests/support/` so that the
//! regression test replaying found inputs in CI runs exactly the same logic,
//! plus the protocol bindings the oracle drives.

#[path = "../../runtime/tests/fuzz_support/realistic.rs"]
pub mod realistic;

#[path = "../../runtime/tests/fuzz_support/oracle.rs"]
pub mod oracle;

#[path = "../../runtime/tests/fuzz_support/protocols.rs"]
pub mod protocols;
