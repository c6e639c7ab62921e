//! Shared helpers for trift's cross-crate integration and interop tests, and
//! the Rust that trift-codegen generates for the test IDLs in `idl/`
//! (`alltypes.thrift`, `evolution/v1.thrift`, `evolution/v2.thrift`, and the
//! frozen compat pairs `compat-pairs/pNN/{v1,v2}.thrift`). The Python helper
//! the interop tests use is `trift_rpc_tests::python`, shared with
//! `trift-rpc-tests`.

pub mod protocols;

/// Generated modules: `trift::alltypes`, `trift::evolution::{v1, v2}`,
/// `compat_pairs::pNN::{v1, v2}`
/// (paths follow each file's `namespace rs`).
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}
