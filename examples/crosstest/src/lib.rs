//! Apache Thrift's cross-language test programs written with trift: the
//! code generated for `idl/crosstest/ThriftTest.thrift` (services ThriftTest
//! and SecondService) and the command-line flags the `crosstest-server` and
//! `crosstest-client` binaries share, spelled as Apache's test programs spell
//! them (`--port`, `--protocol`, `--transport`, `--host`, `--zlib`, `--ssl`,
//! `--domain-socket`), and what they mean on the wire ([`Wire`]).

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
    /// THeaderProtocol (binary inside header frames).
    Header,
    /// TBinaryProtocol with TMultiplexedProtocol.
    Multi,
    /// TCompactProtocol with TMultiplexedProtocol.
    Multic,
    /// TJSONProtocol with TMultiplexedProtocol.
    Multij,
    /// THeaderProtocol with TMultiplexedProtocol.
    Multih,
}

impl ProtocolFlag {
    /// The wire protocol under any multiplexing.
    pub fn protocol(self) -> Protocol {
        match self {
            ProtocolFlag::Binary
            | ProtocolFlag::Multi
            | ProtocolFlag::Header
            | ProtocolFlag::Multih => Protocol::Binary,
            ProtocolFlag::Compact | ProtocolFlag::Multic => Protocol::Compact,
            ProtocolFlag::Json | ProtocolFlag::Multij => Protocol::Json,
        }
    }

    /// Whether calls name their service (`ThriftTest:testVoid`).
    pub fn is_multiplexed(self) -> bool {
        matches!(
            self,
            ProtocolFlag::Multi
                | ProtocolFlag::Multic
                | ProtocolFlag::Multij
                | ProtocolFlag::Multih
        )
    }

    /// Whether messages travel in THeader frames.
    pub fn is_header(self) -> bool {
        matches!(self, ProtocolFlag::Header | ProtocolFlag::Multih)
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
    /// TZlibTransport over the bare socket (passed with `--zlib`).
    Zlib,
}

/// What the flags mean on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    /// A raw byte stream. A server given `None` detects what each connection
    /// speaks (a THeader server also serves framed and unframed clients).
    Raw {
        /// The protocol, when fixed.
        protocol: Option<Protocol>,
        /// The framing, when fixed.
        framing: Option<Framing>,
        /// The stream is zlib-compressed (TZlibTransport).
        zlib: bool,
    },
    /// Thrift over HTTP in this protocol.
    Http(Protocol),
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
    /// TZlibTransport over the transport.
    #[arg(long)]
    pub zlib: bool,
    /// TLS with both sides authenticated, keys from `../keys`.
    #[arg(long)]
    pub ssl: bool,
    /// A unix domain socket at this path instead of TCP.
    #[arg(long, value_name = "PATH")]
    pub domain_socket: Option<String>,
}

impl CommonFlags {
    /// The wire the flags ask for, as the server (`server` true) or the
    /// client sees it; an error names a combination these programs do not
    /// speak yet.
    pub fn wire(&self, server: bool) -> Result<Wire, String> {
        let missing = if self.ssl && self.domain_socket.is_some() {
            Some("--ssl with --domain-socket")
        } else if self.domain_socket.is_some() && self.transport == TransportFlag::Http {
            Some("HTTP over --domain-socket")
        } else if self.zlib
            && !matches!(
                self.transport,
                TransportFlag::Buffered | TransportFlag::Zlib
            )
        {
            Some("--zlib inside framed or HTTP")
        } else {
            None
        };
        if let Some(what) = missing {
            return Err(format!("{what} is not supported by this program yet"));
        }
        let protocol = self.protocol.protocol();
        let zlib = self.zlib || self.transport == TransportFlag::Zlib;
        Ok(match self.transport {
            TransportFlag::Http => Wire::Http(protocol),
            // A THeader server serves whatever each client speaks.
            _ if self.protocol.is_header() && server => Wire::Raw {
                protocol: None,
                framing: None,
                zlib,
            },
            _ if self.protocol.is_header() => Wire::Raw {
                protocol: Some(protocol),
                framing: Some(Framing::Header),
                zlib,
            },
            TransportFlag::Framed => Wire::Raw {
                protocol: Some(protocol),
                framing: Some(Framing::Framed),
                zlib,
            },
            TransportFlag::Buffered | TransportFlag::Zlib => Wire::Raw {
                protocol: Some(protocol),
                framing: Some(Framing::Unframed),
                zlib,
            },
        })
    }

    /// With `--ssl`: the path of one of Apache's key files (`CA.pem`,
    /// `server.crt`, ...) in `../keys`, relative to the working directory.
    pub fn key_file(name: &str) -> std::path::PathBuf {
        std::path::Path::new("..").join("keys").join(name)
    }

    /// Where a client connects: `unix:PATH` with `--domain-socket`, else
    /// [`CommonFlags::address`].
    pub fn endpoint(&self) -> String {
        match &self.domain_socket {
            Some(path) => format!("unix:{path}"),
            None => self.address(),
        }
    }

    /// `host:port`, with brackets around an IPv6 host.
    pub fn address(&self) -> String {
        if self.host.contains(':') && !self.host.starts_with('[') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}
