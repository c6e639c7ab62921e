//! The Rust that trift-codegen generates for `idl/everything`, for the tests
//! that check trift-dynamic gives the same bytes.

/// Generated modules (paths follow each file's `namespace rs`).
#[allow(missing_docs, clippy::all)]
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}
