//! End-to-end tests of generated services, and the RPC tests of the runtime
//! that need a service: the services of `idl/rpc_test.thrift`,
//! `idl/rpc_extends.thrift` and `idl/tutorial/calculator.thrift`, generated
//! by `build.rs` with trift's Builder, with handlers ([`handlers`], the call-context hops of [`context_hops`]), loopback
//! servers and clients over TCP and HTTP ([`harness`]), a server with
//! injected faults ([`fault`]), hand-made bytes and sockets below the
//! clients ([`sockets`], [`http_wire`]), and Apache's Python library on the
//! other end ([`python`], also used by `trift-tests`).

pub mod context_hops;
pub mod fault;
pub mod handlers;
pub mod harness;
pub mod http_wire;
pub mod messaging;
pub mod python;
pub mod sockets;

/// The generated modules: `rpc_test`, `rpc_extends` and
/// `trift::tutorial{,::shared}` (paths follow each file's `namespace rs`).
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}
