//! Apache Thrift's cross-language test programs written with trift: the
//! code generated for `idl/crosstest/ThriftTest.thrift` (services ThriftTest
//! and SecondService) and the command-line flags the `crosstest-server` and
//! `crosstest-client` binaries share, spelled as Apache's test programs spell
//! them (`--port`, `--protocol`, `--transport`, `--host`).

use trift::{Framing, Protocol};

/// The generated module (`thrift::test`).
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}

/// A `--protocol` value of Apache's cross test: a wire protocol, optionally
/// wrapped in TMultiplexedProtocol (the `multi*` names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ProtocolFlag {
    /// TBinaryProtocol.
    Binary,
    /// TCompactProtocol.
    Compact,
    /// TJSONProtocol.
    Json,
    /// TBinaryProtocol with TMultiplexedProtocol.
    Multi,
    /// TCompactProtocol with TMultiplexedProtocol.
    Multic,
    /// TJSONProtocol with TMultiplexedProtocol.
    Multij,
}

impl ProtocolFlag {
    /// The wire protocol under any multiplexing.
    pub fn protocol(self) -> Protocol {
        match self {
            ProtocolFlag::Binary | ProtocolFlag::Multi => Protocol::Binary,
            ProtocolFlag::Compact | ProtocolFlag::Multic => Protocol::Compact,
            ProtocolFlag::Json | ProtocolFlag::Multij => Protocol::Json,
        }
    }

    /// Whether calls name their service (`ThriftTest:testVoid`).
    pub fn is_multiplexed(self) -> bool {
        matches!(
            self,
            ProtocolFlag::Multi | ProtocolFlag::Multic | ProtocolFlag::Multij
        )
    }
}

/// A `--transport` value of Apache's cross test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TransportFlag {
    /// TBufferedTransport: messages back to back on the socket, unframed.
    Buffered,
    /// TFramedTransport: each message after its 4-byte length.
    Framed,
    /// THttpClient / THttpServer: one `POST` per call.
    Http,
}

impl TransportFlag {
    /// The framing on a raw TCP connection (`None` for HTTP).
    pub fn framing(self) -> Option<Framing> {
        match self {
            TransportFlag::Buffered => Some(Framing::Unframed),
            TransportFlag::Framed => Some(Framing::Framed),
            TransportFlag::Http => None,
        }
    }
}

/// The flags both programs take. Apache's runner writes them as
/// `--protocol=binary`; `--protocol binary` works as well.
#[derive(Debug, Clone, clap::Args)]
pub struct CommonFlags {
    /// Server: the address to bind; client: the server to call.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// TCP port.
    #[arg(long, default_value_t = 9090)]
    pub port: u16,
    /// Wire protocol; `multi*` adds TMultiplexedProtocol.
    #[arg(long, value_enum, default_value_t = ProtocolFlag::Binary)]
    pub protocol: ProtocolFlag,
    /// Transport.
    #[arg(long, value_enum, default_value_t = TransportFlag::Buffered)]
    pub transport: TransportFlag,
}

impl CommonFlags {
    /// `host:port`, with brackets around an IPv6 host.
    pub fn address(&self) -> String {
        if self.host.contains(':') && !self.host.starts_with('[') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}
