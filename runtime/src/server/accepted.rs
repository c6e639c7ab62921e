//! One accepted connection, routed to its driver: the byte-stream driver
//! for raw Thrift, the HTTP driver for Thrift over HTTP, and, in
//! [`Accept::Auto`], the byte-stream driver first, which hands the
//! connection over (with the bytes it read) once they show an HTTP request.
//! Built without the `http` feature, a server answers such a request with
//! `501 Not Implemented` and closes the connection.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};

use super::ServerService;
use super::capacity::Ticket;
#[cfg(feature = "http")]
use super::config::Accept;
use super::config::ServerConfig;
use super::connection::{Ended, serve_connection};
#[cfg(feature = "http")]
use super::http::serve_http_connection;
use super::shutdown::ShutdownHandle;
use crate::context::PeerIdentity;
#[cfg(feature = "http")]
use crate::transport::rewind::Rewind;
use crate::transport::zlib::ZlibStream;

/// The answer to an HTTP request when the server has no HTTP support.
#[cfg(not(feature = "http"))]
const NO_HTTP: &[u8] = b"HTTP/1.1 501 Not Implemented\r\n\
content-type: text/plain\r\n\
content-length: 55\r\n\
connection: close\r\n\
\r\n\
this trift server was built without the `http` feature\n";

/// Serves one accepted connection, holding its `ticket` (its place under
/// the connection cap) until it (and any oneway handler it started) is done.
/// An HTTP connection gives its slot up: only raw connections are reclaimed
/// at the cap. A TLS server first completes the handshake (within its
/// timeout), a zlib server reads and writes the stream through
/// [`ZlibStream`].
pub(crate) async fn serve_accepted<IO, S>(
    stream: IO,
    peer: SocketAddr,
    service: S,
    config: Arc<ServerConfig>,
    shutdown: ShutdownHandle,
    ticket: Ticket,
) where
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    S: ServerService,
{
    #[cfg(feature = "tls")]
    if let Some(tls) = &config.tls {
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::clone(tls));
        let handshake = tokio::time::timeout(config.tls_handshake_timeout, acceptor.accept(stream));
        match handshake.await {
            Ok(Ok(stream)) => {
                let identity = stream
                    .get_ref()
                    .1
                    .peer_certificates()
                    .and_then(PeerIdentity::from_verified_chain)
                    .map(Arc::new);
                serve_unzipped(stream, peer, identity, service, config, shutdown, ticket).await;
            }
            Ok(Err(err)) => tracing::debug!(%peer, error = %err, "TLS handshake failed"),
            Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
        }
        return;
    }
    serve_unzipped(stream, peer, None, service, config, shutdown, ticket).await;
}

async fn serve_unzipped<IO, S>(
    stream: IO,
    peer: SocketAddr,
    identity: Option<Arc<PeerIdentity>>,
    service: S,
    config: Arc<ServerConfig>,
    shutdown: ShutdownHandle,
    ticket: Ticket,
) where
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    S: ServerService,
{
    if config.zlib {
        let stream = ZlibStream::new(stream);
        serve_stream(stream, peer, identity, service, config, shutdown, ticket).await;
    } else {
        serve_stream(stream, peer, identity, service, config, shutdown, ticket).await;
    }
}

/// Serves the (decrypted, inflated) stream of one connection.
async fn serve_stream<IO, S>(
    stream: IO,
    peer: SocketAddr,
    identity: Option<Arc<PeerIdentity>>,
    service: S,
    config: Arc<ServerConfig>,
    shutdown: ShutdownHandle,
    ticket: Ticket,
) where
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    S: ServerService,
{
    let Ticket {
        permit,
        registration,
    } = ticket;
    #[cfg(feature = "http")]
    let permit = Arc::new(permit);
    #[cfg(feature = "http")]
    if config.accept == Accept::Http {
        drop(registration);
        serve_http_connection(stream, peer, identity, service, config, shutdown, permit).await;
        return;
    }
    let ended = serve_connection(
        stream,
        peer,
        identity.clone(),
        service,
        &config,
        &shutdown,
        registration.slot(),
    )
    .await;
    drop(registration);
    match ended {
        Ended::Closed(mut stream) => {
            // Best effort: the peer may already be gone.
            let _ = stream.shutdown().await;
        }
        #[cfg(feature = "http")]
        Ended::Http {
            stream,
            read,
            service,
        } => {
            tracing::trace!(%peer, "detected HTTP");
            let io = Rewind::new(read.freeze(), stream);
            serve_http_connection(io, peer, identity, service, config, shutdown, permit).await;
        }
        #[cfg(not(feature = "http"))]
        Ended::Http {
            mut stream,
            read,
            service,
        } => {
            tracing::debug!(%peer, "HTTP request, but built without the `http` feature");
            drop((read, service));
            // Best effort, as for a closed connection.
            let _ = stream.write_all(NO_HTTP).await;
            let _ = stream.shutdown().await;
            drop(permit);
        }
    }
}
