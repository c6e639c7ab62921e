//! The Rust that trift-codegen generates for `idl/everything`, for the tests
//! that check trift-dynamic gives the same bytes, and for the load
//! benchmark's ~1 KiB `Record`, which the `codec` bench encodes and decodes
//! through generated code and through trift-dynamic.

/// Generated modules (paths follow each file's `namespace rs`).
#[allow(missing_docs, clippy::all)]
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}

/// The load benchmark's service and its `Record` (`loadbench/idl/bench.thrift`).
#[allow(missing_docs, clippy::all)]
pub mod record {
    include!(concat!(env!("OUT_DIR"), "/record/mod.rs"));
}
