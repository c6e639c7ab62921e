//! trift: the runtime of a Thrift-compatible RPC framework.
//!
//! Wire protocols (binary, compact, JSON), and later transports, clients and
//! servers. Generated code depends only on this crate. It does not depend on
//! the IDL parser or the code generator.
