//! TLS with rustls (the `tls` feature): building the rustls configurations
//! a server and a client take, from PEM files or PEM bytes in memory.
//!
//! A server given a client CA requires every client to present a
//! certificate that verifies against it (mutual TLS); without one it asks
//! for none. A client verifies the server's certificate against the CA it is
//! given and the server name it connects to (a DNS name or an IP address),
//! and presents its own certificate when given one. Both use rustls's safe
//! default protocol versions (TLS 1.2 and 1.3) on the ring provider.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use trift::tls;
//! let server_tls = tls::server_config_from_files("server.crt", "server.key", Some("CA.pem"))?;
//! let server = trift::Server::builder().tls(server_tls).bind("127.0.0.1:9090").await?;
//! let client_tls =
//!     tls::client_config_from_files("CA.pem", Some(("client.crt", "client.key")))?;
//! let channel = trift::Channel::builder("127.0.0.1:9090")
//!     .tls(client_tls, "127.0.0.1")?
//!     .build();
//! # Ok(()) }
//! ```

use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::server::WebPkiClientVerifier;
use rustls::{ClientConfig, RootCertStore, ServerConfig};

/// Why a TLS configuration could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TlsError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
    /// PEM text holds no certificate or key, or is malformed.
    #[error("PEM {what}: {detail}")]
    Pem {
        /// What was looked for (`certificate`, `private key`).
        what: &'static str,
        /// What went wrong.
        detail: String,
    },
    /// rustls refused the certificates, the key or the CA.
    #[error("TLS configuration: {0}")]
    Rustls(#[from] rustls::Error),
    /// The client CA could not make a verifier.
    #[error("client certificate verifier: {0}")]
    Verifier(String),
    /// Not a DNS name or an IP address.
    #[error("invalid TLS server name {0:?}")]
    ServerName(String),
}

fn read(path: impl AsRef<Path>) -> Result<Vec<u8>, TlsError> {
    let path = path.as_ref();
    std::fs::read(path).map_err(|source| TlsError::Read {
        path: path.display().to_string(),
        source,
    })
}

fn certificates(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|err| TlsError::Pem {
            what: "certificate",
            detail: err.to_string(),
        })?;
    if certs.is_empty() {
        return Err(TlsError::Pem {
            what: "certificate",
            detail: "none found".into(),
        });
    }
    Ok(certs)
}

fn private_key(pem: &[u8]) -> Result<PrivateKeyDer<'static>, TlsError> {
    PrivateKeyDer::from_pem_slice(pem).map_err(|err| TlsError::Pem {
        what: "private key",
        detail: err.to_string(),
    })
}

fn roots(ca_pem: &[u8]) -> Result<RootCertStore, TlsError> {
    let mut roots = RootCertStore::empty();
    for cert in certificates(ca_pem)? {
        roots.add(cert)?;
    }
    Ok(roots)
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A server configuration from PEM bytes: its certificate chain and key,
/// and, for mutual TLS, the CA that client certificates must verify against.
pub fn server_config(
    cert_pem: &[u8],
    key_pem: &[u8],
    client_ca_pem: Option<&[u8]>,
) -> Result<Arc<ServerConfig>, TlsError> {
    let builder =
        ServerConfig::builder_with_provider(provider()).with_safe_default_protocol_versions()?;
    let builder = match client_ca_pem {
        Some(ca) => {
            let verifier =
                WebPkiClientVerifier::builder_with_provider(Arc::new(roots(ca)?), provider())
                    .build()
                    .map_err(|err| TlsError::Verifier(err.to_string()))?;
            builder.with_client_cert_verifier(verifier)
        }
        None => builder.with_no_client_auth(),
    };
    let config = builder.with_single_cert(certificates(cert_pem)?, private_key(key_pem)?)?;
    Ok(Arc::new(config))
}

/// [`server_config`] from PEM files.
pub fn server_config_from_files(
    cert: impl AsRef<Path>,
    key: impl AsRef<Path>,
    client_ca: Option<impl AsRef<Path>>,
) -> Result<Arc<ServerConfig>, TlsError> {
    let ca = client_ca.map(read).transpose()?;
    server_config(&read(cert)?, &read(key)?, ca.as_deref())
}

/// A client configuration from PEM bytes: the CA the server's certificate
/// must verify against, and the client's own certificate chain and key for
/// servers that require one.
pub fn client_config(
    ca_pem: &[u8],
    identity: Option<(&[u8], &[u8])>,
) -> Result<Arc<ClientConfig>, TlsError> {
    let builder = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots(ca_pem)?);
    let config = match identity {
        Some((cert, key)) => {
            builder.with_client_auth_cert(certificates(cert)?, private_key(key)?)?
        }
        None => builder.with_no_client_auth(),
    };
    Ok(Arc::new(config))
}

/// [`client_config`] from PEM files.
pub fn client_config_from_files(
    ca: impl AsRef<Path>,
    identity: Option<(impl AsRef<Path>, impl AsRef<Path>)>,
) -> Result<Arc<ClientConfig>, TlsError> {
    let identity = match identity {
        Some((cert, key)) => Some((read(cert)?, read(key)?)),
        None => None,
    };
    let identity = identity
        .as_ref()
        .map(|(cert, key)| (cert.as_slice(), key.as_slice()));
    client_config(&read(ca)?, identity)
}

/// The name a client verifies the server's certificate against.
pub(crate) fn server_name(name: &str) -> Result<ServerName<'static>, TlsError> {
    ServerName::try_from(name.to_owned()).map_err(|_| TlsError::ServerName(name.to_owned()))
}
