//! Shared code of the fuzz targets: the realistic `Order` struct, the
//! round-trip oracle and the protocol bindings it drives, the wire
//! harness of the server-front and client-reply targets (from
//! `runtime/tests/fuzz_support/`), the tests' one value tree (from
//! `runtime/tests/support/value.rs`) and the IDL oracle (from
//! `idl-parser/tests/fuzz_support/`), all included by path so that the
//! regression tests replaying found inputs in CI run exactly the same logic.

#[path = "../../runtime/tests/fuzz_support/realistic.rs"]
pub mod realistic;

#[path = "../../runtime/tests/support/value.rs"]
pub mod value;

#[path = "../../runtime/tests/fuzz_support/oracle.rs"]
pub mod oracle;

#[path = "../../runtime/tests/fuzz_support/protocols.rs"]
pub mod protocols;

#[path = "../../runtime/tests/fuzz_support/wire.rs"]
pub mod wire;

#[path = "../../idl-parser/tests/fuzz_support/idl.rs"]
pub mod idl;
