//! The connector under [`super::HttpChannel`]: hyper's TCP connector, with a
//! rustls handshake on top for `https://` URLs (the `tls` feature). The
//! server must prove the URL's host (a DNS name or an IP address), and the
//! handshake shares the connect timeout.

use std::future::Future;
use std::io;
use std::pin::Pin;
#[cfg(feature = "tls")]
use std::sync::Arc;
use std::task::{Context, Poll};
#[cfg(feature = "tls")]
use std::time::Duration;

use http::Uri;
use hyper::rt::{Read, ReadBufCursor, Write};
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tower::Service;

/// The error a connection attempt ends with.
type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Opens the connections of one HTTP channel: plain TCP, or TLS over it.
#[derive(Clone)]
pub(crate) struct Connector {
    tcp: HttpConnector,
    #[cfg(feature = "tls")]
    tls: Option<(tokio_rustls::TlsConnector, Duration)>,
}

impl Connector {
    /// Plain TCP (`http://`).
    pub(crate) fn plain(tcp: HttpConnector) -> Self {
        Connector {
            tcp,
            #[cfg(feature = "tls")]
            tls: None,
        }
    }

    /// TLS over TCP (`https://`) with `config`; the handshake may take
    /// `handshake_timeout`.
    #[cfg(feature = "tls")]
    pub(crate) fn tls(
        tcp: HttpConnector,
        config: Arc<rustls::ClientConfig>,
        handshake_timeout: Duration,
    ) -> Self {
        Connector {
            tcp,
            tls: Some((tokio_rustls::TlsConnector::from(config), handshake_timeout)),
        }
    }
}

impl Service<Uri> for Connector {
    type Response = Stream;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Stream, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.tcp.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        let connecting = self.tcp.call(uri.clone());
        #[cfg(feature = "tls")]
        let tls = self.tls.clone();
        Box::pin(async move {
            let tcp = connecting.await?;
            #[cfg(feature = "tls")]
            if let Some((connector, timeout)) = tls {
                let name = server_name(&uri)?;
                let handshake = connector.connect(name, tcp.into_inner());
                let stream = tokio::time::timeout(timeout, handshake)
                    .await
                    .map_err(|_| {
                        io::Error::new(io::ErrorKind::TimedOut, "TLS handshake timed out")
                    })??;
                return Ok(Stream::Tls(Box::new(TokioIo::new(stream))));
            }
            Ok(Stream::Plain(tcp))
        })
    }
}

/// The name the server must prove: the URL's host, without the brackets of
/// an IPv6 address.
#[cfg(feature = "tls")]
fn server_name(uri: &Uri) -> Result<rustls::pki_types::ServerName<'static>, io::Error> {
    let host = uri.host().unwrap_or_default();
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    rustls::pki_types::ServerName::try_from(host.to_owned()).map_err(|err| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{host:?} is not a TLS server name: {err}"),
        )
    })
}

/// One connection of an HTTP channel.
pub(crate) enum Stream {
    /// `http://`.
    Plain(TokioIo<TcpStream>),
    /// `https://` (boxed: the TLS state is a kilobyte).
    #[cfg(feature = "tls")]
    Tls(Box<TokioIo<tokio_rustls::client::TlsStream<TcpStream>>>),
}

impl Connection for Stream {
    fn connected(&self) -> Connected {
        match self {
            Stream::Plain(tcp) => tcp.connected(),
            #[cfg(feature = "tls")]
            Stream::Tls(tls) => tls.inner().get_ref().0.connected(),
        }
    }
}

impl Read for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(tcp) => Pin::new(tcp).poll_read(cx, buf),
            #[cfg(feature = "tls")]
            Stream::Tls(tls) => Pin::new(&mut **tls).poll_read(cx, buf),
        }
    }
}

impl Write for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(tcp) => Pin::new(tcp).poll_write(cx, buf),
            #[cfg(feature = "tls")]
            Stream::Tls(tls) => Pin::new(&mut **tls).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(tcp) => Pin::new(tcp).poll_flush(cx),
            #[cfg(feature = "tls")]
            Stream::Tls(tls) => Pin::new(&mut **tls).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(tcp) => Pin::new(tcp).poll_shutdown(cx),
            #[cfg(feature = "tls")]
            Stream::Tls(tls) => Pin::new(&mut **tls).poll_shutdown(cx),
        }
    }
}
