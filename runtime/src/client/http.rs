//! [`HttpChannel`]: Thrift over HTTP, client side. Each call is one `POST`
//! whose body is the message and whose response body is the reply, over
//! hyper's pooled HTTP/1.1 connections (kept alive and reused between calls),
//! over TLS for `https://` URLs (the `tls` feature), and optionally with each
//! body one THeader frame, as Apache's `THeaderProtocol` over `THttpClient`.
//!
//! It is a tower `Service` over [`ClientRequest`] like
//! [`Channel`](super::Channel), so generated clients and tower layers work on
//! it unchanged. It talks to Apache's `THttpServer`s: the Python one answers
//! in HTTP/1.0 and closes after each reply (a new connection per call then),
//! and answers a oneway call with a `200` whose body only ends when its
//! handler has finished, so a oneway call completes on the status, without
//! waiting for the body.

use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, Request, StatusCode, Uri};
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use tower::Service;

use super::https::Connector;
use crate::context::{self, Metadata, RequestContext, wire};
use crate::error::{Error, TransportError};
use crate::message::{
    ClientReply, ClientRequest, IncomingMessage, Protocol, encode_header_message, encode_message,
};
use crate::protocol::{Limits, MessageType, ProtocolError};
use crate::transport::content_type::http_content_type;
use crate::transport::http_headers;
use crate::transport::theader::{self, HeaderWrite};

/// The `User-Agent` every request carries.
const USER_AGENT: &str = concat!("trift/", env!("CARGO_PKG_VERSION"));

/// A client for a Thrift service served over HTTP at one URL, with
/// keep-alive connections shared by every clone.
///
/// HTTP/1.1 carries one call at a time per connection: sequential calls
/// reuse one connection, concurrent calls each take an idle pooled
/// connection or open a new one (up to
/// [`max_idle_connections`](HttpChannelBuilder::max_idle_connections) are
/// kept for reuse afterwards).
#[derive(Clone)]
pub struct HttpChannel {
    shared: Arc<Shared>,
}

struct Shared {
    client: Client<Connector, Full<Bytes>>,
    uri: Uri,
    /// Content type, accept, user agent and the extra headers.
    headers: HeaderMap,
    protocol: Protocol,
    /// Each body is one THeader frame.
    theader: bool,
    connect_timeout: Duration,
    call_timeout: Duration,
    limits: Limits,
    next_seqid: AtomicI32,
}

impl fmt::Debug for HttpChannel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpChannel")
            .field("uri", &self.shared.uri)
            .field("protocol", &self.shared.protocol)
            .field("call_timeout", &self.shared.call_timeout)
            .finish_non_exhaustive()
    }
}

impl HttpChannel {
    /// A builder for a channel to `url` (`http://host:port/path`).
    pub fn builder(url: impl Into<String>) -> HttpChannelBuilder {
        HttpChannelBuilder {
            url: url.into(),
            protocol: Protocol::Binary,
            theader: false,
            #[cfg(feature = "tls")]
            tls: None,
            headers: Vec::new(),
            connect_timeout: Duration::from_secs(1),
            call_timeout: Duration::from_secs(30),
            pool_idle_timeout: Duration::from_secs(90),
            max_idle_connections: 64,
            limits: Limits::default(),
        }
    }

    /// The URL calls are posted to.
    pub fn uri(&self) -> &Uri {
        &self.shared.uri
    }
}

/// Why an [`HttpChannelBuilder`] could not build a channel.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid HTTP channel configuration: {0}")]
pub struct HttpConfigError(String);

/// Configures an [`HttpChannel`].
#[derive(Debug, Clone)]
pub struct HttpChannelBuilder {
    url: String,
    protocol: Protocol,
    theader: bool,
    #[cfg(feature = "tls")]
    tls: Option<Arc<rustls::ClientConfig>>,
    headers: Vec<(String, String)>,
    connect_timeout: Duration,
    call_timeout: Duration,
    pool_idle_timeout: Duration,
    max_idle_connections: usize,
    limits: Limits,
}

impl HttpChannelBuilder {
    /// The protocol (default binary). JSON requests are sent as
    /// `application/vnd.apache.thrift.json` (as Apache's JavaScript client
    /// does), the others as `application/x-thrift`.
    pub fn protocol(mut self, protocol: Protocol) -> Self {
        self.protocol = protocol;
        self
    }

    /// Sends each call as one THeader frame in the request body, and reads
    /// the reply from one, as Apache's `THeaderProtocol` over `THttpClient`
    /// does (default off). The call context then travels in the frame's
    /// info headers instead of HTTP headers. Binary and compact only:
    /// [`build`](Self::build) refuses JSON with it.
    pub fn theader(mut self, theader: bool) -> Self {
        self.theader = theader;
        self
    }

    /// The TLS configuration for an `https://` URL (the `tls` feature):
    /// build it with [`crate::tls::client_config`]. The server must prove
    /// the URL's host name (or IP address). Without it an `https://` URL is
    /// refused by [`build`](Self::build).
    #[cfg(feature = "tls")]
    pub fn tls(mut self, config: Arc<rustls::ClientConfig>) -> Self {
        self.tls = Some(config);
        self
    }

    /// A header sent with every request (an auth token, a trace id...).
    /// Replaces a default header of the same name (`Content-Type`, `Accept`,
    /// `User-Agent`).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// How long opening a connection may take (default 1 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long a call may take, connecting and reading the whole reply
    /// included, before it fails with
    /// [`TransportError::CallTimeout`] (default 30 s).
    pub fn call_timeout(mut self, timeout: Duration) -> Self {
        self.call_timeout = timeout;
        self
    }

    /// How long an idle kept-alive connection stays open for reuse
    /// (default 90 s).
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.pool_idle_timeout = timeout;
        self
    }

    /// At most `n` idle connections kept for reuse (default 64).
    pub fn max_idle_connections(mut self, n: usize) -> Self {
        self.max_idle_connections = n;
        self
    }

    /// Decoding limits for replies (default Apache's); a reply body above
    /// the message size limit fails the call.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The channel. It connects on the first call, not here. Fails on a URL
    /// that is not `http://host[:port][/path]` (or `https://` with
    /// [`tls`](Self::tls)), an invalid header, or THeader with JSON.
    pub fn build(self) -> Result<HttpChannel, HttpConfigError> {
        let uri: Uri = self
            .url
            .parse()
            .map_err(|err| HttpConfigError(format!("URL {:?}: {err}", self.url)))?;
        let https = uri.scheme_str() == Some("https");
        if !(https || uri.scheme_str() == Some("http")) || uri.host().is_none() {
            return Err(HttpConfigError(format!(
                "URL {:?}: only http://host[:port][/path] or https://... is supported",
                self.url
            )));
        }
        if self.theader && self.protocol == Protocol::Json {
            return Err(HttpConfigError(
                "THeader carries binary or compact, not JSON".to_owned(),
            ));
        }
        let mut headers = HeaderMap::new();
        let content_type = HeaderValue::from_static(http_content_type(self.protocol));
        headers.insert(header::CONTENT_TYPE, content_type.clone());
        headers.insert(header::ACCEPT, content_type);
        headers.insert(header::USER_AGENT, HeaderValue::from_static(USER_AGENT));
        for (name, value) in &self.headers {
            let name = HeaderName::try_from(name.as_str())
                .map_err(|err| HttpConfigError(format!("header name {name:?}: {err}")))?;
            let value = HeaderValue::try_from(value.as_str())
                .map_err(|err| HttpConfigError(format!("header {name} value {value:?}: {err}")))?;
            headers.insert(name, value);
        }
        let mut tcp = HttpConnector::new();
        tcp.set_nodelay(true);
        tcp.set_connect_timeout(Some(self.connect_timeout));
        tcp.enforce_http(false);
        let connector = match (https, self.tls_config()) {
            (false, _) => Connector::plain(tcp),
            #[cfg(feature = "tls")]
            (true, Some(config)) => Connector::tls(tcp, config, self.connect_timeout),
            (true, _) => {
                return Err(HttpConfigError(format!(
                    "URL {:?}: https needs a TLS configuration (HttpChannelBuilder::tls, the `tls` feature)",
                    self.url
                )));
            }
        };
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(self.pool_idle_timeout)
            .pool_max_idle_per_host(self.max_idle_connections)
            .build(connector);
        Ok(HttpChannel {
            shared: Arc::new(Shared {
                client,
                uri,
                headers,
                protocol: self.protocol,
                theader: self.theader,
                connect_timeout: self.connect_timeout,
                call_timeout: self.call_timeout,
                limits: self.limits,
                next_seqid: AtomicI32::new(1),
            }),
        })
    }
}

impl HttpChannelBuilder {
    #[cfg(feature = "tls")]
    fn tls_config(&self) -> Option<Arc<rustls::ClientConfig>> {
        self.tls.clone()
    }

    #[cfg(not(feature = "tls"))]
    fn tls_config(&self) -> Option<()> {
        None
    }
}

/// The future of one [`HttpChannel`] call.
pub type HttpResponseFuture = Pin<Box<dyn Future<Output = Result<ClientReply, Error>> + Send>>;

impl Service<ClientRequest> for HttpChannel {
    type Response = ClientReply;
    type Error = Error;
    type Future = HttpResponseFuture;

    #[inline]
    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: ClientRequest) -> HttpResponseFuture {
        let shared = Arc::clone(&self.shared);
        // Read here, in the caller's task, where its context is in scope.
        let call_timeout = context::effective_timeout(shared.call_timeout);
        let context = context::request_context(call_timeout);
        Box::pin(async move {
            match tokio::time::timeout(call_timeout, shared.send(request, context)).await {
                Ok(result) => result,
                Err(_elapsed) => Err(TransportError::CallTimeout(call_timeout).into()),
            }
        })
    }
}

impl Shared {
    async fn send(
        &self,
        request: ClientRequest,
        context: RequestContext,
    ) -> Result<ClientReply, Error> {
        let seqid = self.next_seqid.fetch_add(1, Ordering::Relaxed);
        let mut body = Vec::with_capacity(256);
        let mut http_request = if self.theader {
            let write = HeaderWrite {
                info: context.to_pairs(wire::THEADER),
                ..HeaderWrite::default()
            };
            encode_header_message(
                self.protocol,
                &mut body,
                &request.method,
                request.kind,
                seqid,
                &*request.args,
                &write,
            )?;
            let mut http_request = Request::new(Full::new(Bytes::from(body)));
            *http_request.headers_mut() = self.headers.clone();
            http_request
        } else {
            encode_message(
                self.protocol,
                &mut body,
                &request.method,
                request.kind,
                seqid,
                &*request.args,
            )?;
            let mut http_request = Request::new(Full::new(Bytes::from(body)));
            *http_request.headers_mut() = self.headers.clone();
            let pairs = context.to_pairs(wire::HTTP);
            http_headers::write_pairs(
                pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
                http_request.headers_mut(),
            )
            .map_err(TransportError::InvalidHeader)?;
            http_request
        };
        *http_request.method_mut() = Method::POST;
        *http_request.uri_mut() = self.uri.clone();
        let response = match self.client.request(http_request).await {
            Ok(response) => response,
            Err(err) if err.is_connect() && io_kind(&err) == Some(io::ErrorKind::TimedOut) => {
                return Err(TransportError::ConnectTimeout(self.connect_timeout).into());
            }
            // Not sent: safe to retry, as for a TCP channel.
            Err(err) if err.is_connect() => {
                let kind = io_kind(&err).unwrap_or(io::ErrorKind::ConnectionRefused);
                let err = io::Error::new(kind, error_chain(&err));
                return Err(TransportError::Connect(Arc::new(err)).into());
            }
            Err(err) => return Err(transport_error(err)),
        };
        let status = response.status();
        let mut reply_headers = http_headers::metadata_of(response.headers());
        if status != StatusCode::OK {
            return Err(TransportError::HttpStatus(status.as_u16()).into());
        }
        if request.kind == MessageType::Oneway {
            // The status is the whole answer; the body may stay open until
            // the server's handler is done.
            return Ok(ClientReply::Sent);
        }
        let body = Limited::new(response.into_body(), self.limits.max_message_size)
            .collect()
            .await
            .map_err(|err| match err.downcast::<hyper::Error>() {
                Ok(err) => transport_error(*err),
                Err(err) => Error::Protocol(ProtocolError::new(
                    crate::protocol::ProtocolErrorKind::SizeLimit,
                    format!("reply body: {err}"),
                )),
            })?
            .to_bytes();
        let (protocol, body) = if self.theader {
            if !theader::is_whole_frame(&body) {
                return Err(Error::Protocol(ProtocolError::invalid(format!(
                    "reply body of {} bytes is not one THeader frame",
                    body.len()
                ))));
            }
            let frame = theader::read_frame(body.slice(4..), &self.limits)
                .map_err(TransportError::Header)?;
            reply_headers = Metadata::from_pairs(frame.info);
            (frame.protocol, frame.payload)
        } else {
            (self.protocol, body)
        };
        let mut reader = protocol.reader(body, self.limits);
        let header = reader.read_header()?;
        if header.seqid != seqid {
            return Err(Error::Protocol(ProtocolError::invalid(format!(
                "reply to {} carries sequence id {}, the call sent {seqid}",
                header.name, header.seqid
            ))));
        }
        Ok(ClientReply::Message(IncomingMessage {
            header,
            body: reader,
            headers: reply_headers,
        }))
    }
}

/// A failed exchange as a transport error, keeping the I/O error kind when
/// there is one (connection refused, reset...).
fn transport_error(err: impl std::error::Error + Send + Sync + 'static) -> Error {
    let kind = io_kind(&err).unwrap_or(io::ErrorKind::ConnectionAborted);
    TransportError::from(io::Error::new(kind, error_chain(&err))).into()
}

/// The kind of the first I/O error in `err`'s chain of causes.
fn io_kind(err: &(dyn std::error::Error + 'static)) -> Option<io::ErrorKind> {
    let mut source = Some(err);
    while let Some(cause) = source {
        if let Some(io_err) = cause.downcast_ref::<io::Error>() {
            return Some(io_err.kind());
        }
        source = cause.source();
    }
    None
}

/// `err` and its causes, as one line.
fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
