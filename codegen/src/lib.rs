//! trift-codegen: Rust code generation for Thrift IDL.
//!
//! Hosts the `trift` command-line tool. It depends on `trift-idl` for the
//! resolved model and never on the runtime crate.
