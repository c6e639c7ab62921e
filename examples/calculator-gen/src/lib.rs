//! The calculator's code, generated ahead of time by the CLI and committed:
//!
//! ```text
//! cargo run -p trift-codegen --features cli --bin trift -- gen -I idl/tutorial \
//!     --out examples/calculator-gen/src/generated idl/tutorial/calculator.thrift
//! ```
//!
//! CI runs the same command with `--check`, so it cannot go stale.

/// `trift::tutorial` (calculator.thrift) and `trift::tutorial::shared`
/// (shared.thrift), after their `namespace rs`. `gen` is a reserved word in
/// Rust 2024, hence `generated`; the files are trift's output, already
/// formatted, so rustfmt leaves them alone.
#[rustfmt::skip]
#[path = "generated/mod.rs"]
pub mod generated;
