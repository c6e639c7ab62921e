//! Shared code of the fuzz targets: the realistic `Order` struct, the
//! round-trip oracle and the protocol bindings it drives (from
//! `runtime/tests/fuzz_support/`), and the tests' one value tree (from
//! `runtime/tests/support/value.rs`), all included by path so that the
//! regression test replaying found inputs in CI runs exactly the same logic.

#[path = "../../runtime/tests/fuzz_support/realistic.rs"]
pub mod realistic;

#[path = "../../runtime/tests/support/value.rs"]
pub mod value;

#[path = "../../runtime/tests/fuzz_support/oracle.rs"]
pub mod oracle;

#[path = "../../runtime/tests/fuzz_support/protocols.rs"]
pub mod protocols;
