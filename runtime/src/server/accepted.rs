//! One accepted connection, routed to its driver: the byte-stream driver
//! for raw Thrift, the HTTP driver for Thrift over HTTP, and, in
//! [`Accept::Auto`], the byte-stream driver first, which hands the
//! connection over (with the bytes it read) once they show an HTTP request.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::sync::OwnedSemaphorePermit;

use super::ServerService;
use super::config::{Accept, ServerConfig};
use super::connection::{Ended, serve_connection};
use super::http::serve_http_connection;
use super::shutdown::ShutdownHandle;
use crate::transport::rewind::Rewind;

/// Serves one accepted connection, holding `permit` until it (and any
/// oneway handler it started) is done.
pub(crate) async fn serve_accepted<IO, S>(
    stream: IO,
    peer: SocketAddr,
    service: S,
    config: Arc<ServerConfig>,
    shutdown: ShutdownHandle,
    permit: OwnedSemaphorePermit,
) where
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    S: ServerService,
{
    let permit = Arc::new(permit);
    if config.accept == Accept::Http {
        serve_http_connection(stream, peer, service, config, shutdown, permit).await;
        return;
    }
    match serve_connection(stream, peer, service, &config, &shutdown).await {
        Ended::Closed(mut stream) => {
            // Best effort: the peer may already be gone.
            let _ = stream.shutdown().await;
        }
        Ended::Http {
            stream,
            read,
            service,
        } => {
            tracing::trace!(%peer, "detected HTTP");
            let io = Rewind::new(read.freeze(), stream);
            serve_http_connection(io, peer, service, config, shutdown, permit).await;
        }
    }
}
