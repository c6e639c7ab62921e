//! The Rust that trift-codegen generates for the repository's `idl/` and for
//! the Apache IDL corpus, compiled (and linted by clippy) as one crate.
//!
//! `build.rs` runs the Builder; this file mounts its output. A generator
//! change that emits code which does not compile, or that clippy or the
//! workspace lints reject, fails `cargo clippy --workspace --all-targets`.

/// Modules generated from `idl/`.
pub mod idl {
    include!(concat!(env!("OUT_DIR"), "/idl/mod.rs"));
}

/// Modules generated from the accepted files of the Apache IDL corpus.
pub mod corpus {
    include!(concat!(env!("OUT_DIR"), "/corpus/mod.rs"));
}
