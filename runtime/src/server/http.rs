//! Thrift over HTTP, server side: one POST per call, the message in the
//! body, the reply in the response body, on keep-alive HTTP/1.1 connections
//! (HTTP/1.0 clients such as Apache's Python `THttpClient` work too).
//!
//! The same tower service the TCP server serves answers the calls, so every
//! generated service works over HTTP unchanged. The protocol is the pinned
//! one, else the one the `Content-Type` names, else the one the body's first
//! byte shows; a body that is one whole THeader frame (Apache's
//! `THeaderProtocol` over `THttpClient`) names its own protocol and is
//! answered in a header frame with the request's transforms. Behaviour follows Apache's servers: a oneway call gets an empty
//! `200` at once (the handler runs after it, as in Python's `THttpServer`),
//! and every response allows any origin, with `OPTIONS` preflights answered,
//! as Apache's C++ `THttpServer` does, so browsers can call it.
//!
//! Errors below Thrift are HTTP statuses: `405` for a method other than
//! `POST`/`OPTIONS`, `404` for another path than the configured one, `413`
//! for a body above the limit, `408` for a body that does not arrive within
//! the read timeout, `400` for a body that is not a Thrift message. A
//! response the client does not read within the read timeout closes the
//! connection.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;

use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::OwnedSemaphorePermit;
use tower::ServiceExt;

use super::ServerService;
use super::call;
use super::config::ServerConfig;
use super::shutdown::ShutdownHandle;
use crate::context::{CallContext, Metadata, PeerIdentity, wire};
use crate::message::{Framing, IncomingMessage, Protocol};
use crate::protocol::MessageType;
use crate::transport::content_type::{
    protocol_of_content_type, protocol_of_first_byte, reply_content_type,
};
use crate::transport::http_headers;
use crate::transport::theader::{self, HeaderWrite};
use crate::transport::write_deadline::WriteDeadline;

/// Serves HTTP requests on one connection until the client closes it, it
/// stays silent past the read timeout or leaves a response untaken that
/// long, or shutdown drains it.
///
/// `permit` is the connection's slot in the server's connection budget;
/// oneway handlers still running after their response hold a clone, so a
/// graceful shutdown waits for them too.
pub(crate) async fn serve_http_connection<I, S>(
    io: I,
    peer: SocketAddr,
    identity: Option<Arc<PeerIdentity>>,
    service: S,
    config: Arc<ServerConfig>,
    shutdown: ShutdownHandle,
    permit: Arc<OwnedSemaphorePermit>,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    S: ServerService,
{
    // hyper's header timer also runs while a kept-alive connection waits
    // for its next request, so it is the idle timeout as well.
    let head_timeout = config.read_timeout.min(config.idle_timeout);
    // hyper has no write timeout: a response the client does not take
    // within the read timeout closes the connection, as on raw Thrift.
    let io = WriteDeadline::new(io, config.read_timeout);
    let handler = HttpHandler {
        service,
        config,
        peer,
        identity,
        permit,
    };
    let hyper_service = service_fn(move |request| {
        let handler = handler.clone();
        async move { Ok::<_, Infallible>(handler.handle(request).await) }
    });
    let mut builder = http1::Builder::new();
    builder
        .keep_alive(true)
        .timer(TokioTimer::new())
        .header_read_timeout(head_timeout);
    let mut connection = pin!(builder.serve_connection(TokioIo::new(io), hyper_service));
    let result = tokio::select! {
        result = connection.as_mut() => result,
        () = shutdown.started() => {
            // Finishes the request in progress, then closes.
            connection.as_mut().graceful_shutdown();
            connection.await
        }
    };
    match result {
        Ok(()) => tracing::trace!(%peer, "HTTP connection closed"),
        Err(err) => tracing::debug!(%peer, error = %err, "HTTP connection closed"),
    }
}

/// What every request of one HTTP connection needs.
struct HttpHandler<S> {
    service: S,
    config: Arc<ServerConfig>,
    peer: SocketAddr,
    /// The verified client certificate, on a mutual-TLS connection.
    identity: Option<Arc<PeerIdentity>>,
    permit: Arc<OwnedSemaphorePermit>,
}

impl<S: Clone> Clone for HttpHandler<S> {
    fn clone(&self) -> Self {
        HttpHandler {
            service: self.service.clone(),
            config: Arc::clone(&self.config),
            peer: self.peer,
            identity: self.identity.clone(),
            permit: Arc::clone(&self.permit),
        }
    }
}

impl<S> HttpHandler<S>
where
    S: ServerService,
{
    /// Runs one call under the call policy and returns the response body:
    /// the encoded reply (empty for a oneway call). The connection's permit
    /// is held until the call is done, so a graceful shutdown waits for
    /// oneway handlers that outlive their response.
    async fn answer(
        self,
        protocol: Protocol,
        mut message: IncomingMessage,
        received: tokio::time::Instant,
        in_header: Option<HeaderWrite>,
    ) -> (Bytes, Metadata) {
        let framing = Framing::Unframed;
        let mut out = Vec::new();
        let seqid = message.header.seqid;
        let HttpHandler {
            mut service,
            peer,
            identity,
            permit: _permit,
            ..
        } = self;
        let refusal = match call::check_kind(&message.header) {
            Ok(_) => match service.ready().await {
                Ok(_) => None,
                Err(err) => Some(call::service_unavailable(err, peer)),
            },
            Err(exception) => Some(exception),
        };
        if let Some(exception) = refusal {
            call::encode_refusal(protocol, framing, &mut out, &message.header, &exception);
            if let Some(write) = &in_header {
                call::wrap_header_reply(&mut out, 0, protocol, seqid, write);
            }
            return (Bytes::from(out), Metadata::new());
        }
        let headers = std::mem::take(&mut message.headers);
        let keys = match in_header {
            Some(_) => wire::THEADER,
            None => wire::HTTP,
        };
        let context = CallContext::from_wire(headers, keys, peer, identity, received);
        let (meta, outcome) = call::start(&mut service, message, peer, "http", Some(context)).await;
        let reply_headers = meta.reply_headers();
        call::encode_outcome(protocol, framing, &mut out, meta, outcome);
        match in_header {
            // The reply headers travel in the reply's frame, as over TCP.
            Some(mut write) => {
                write.info = reply_headers.into_pairs();
                call::wrap_header_reply(&mut out, 0, protocol, seqid, &write);
                (Bytes::from(out), Metadata::new())
            }
            None => (Bytes::from(out), reply_headers),
        }
    }

    async fn handle(self, request: Request<Incoming>) -> Response<Full<Bytes>> {
        let received = tokio::time::Instant::now();
        match *request.method() {
            Method::POST => {}
            Method::OPTIONS => return preflight(request.headers()),
            _ => {
                let mut response = text_response(
                    StatusCode::METHOD_NOT_ALLOWED,
                    "Thrift over HTTP takes POST requests\n",
                );
                response
                    .headers_mut()
                    .insert(header::ALLOW, HeaderValue::from_static("POST, OPTIONS"));
                return response;
            }
        }
        if let Some(path) = &self.config.http_path
            && request.uri().path() != path
        {
            return text_response(StatusCode::NOT_FOUND, "no Thrift service on this path\n");
        }
        let max = self.config.max_http_body_size;
        if content_length(request.headers()).is_some_and(|len| len > max) {
            return too_large(max);
        }
        let content_type = request.headers().get(header::CONTENT_TYPE).cloned();
        let headers = http_headers::metadata_of(request.headers());
        let limited = Limited::new(request.into_body(), max).collect();
        let body = match tokio::time::timeout(self.config.read_timeout, limited).await {
            Ok(Ok(collected)) => collected.to_bytes(),
            Ok(Err(err)) if err.downcast_ref::<LengthLimitError>().is_some() => {
                return too_large(max);
            }
            Ok(Err(err)) => {
                tracing::debug!(peer = %self.peer, error = %err, "HTTP body not received");
                return text_response(StatusCode::BAD_REQUEST, "request body not received\n");
            }
            Err(_elapsed) => {
                return text_response(StatusCode::REQUEST_TIMEOUT, "request body too slow\n");
            }
        };
        let declared = content_type.as_ref().and_then(protocol_of_content_type);
        // A body of Apache's THeaderProtocol over THttpClient is one header
        // frame: its frame names the protocol, its info headers carry the
        // context, and the reply goes back in a frame like it.
        let (protocol, body, headers, in_header) = if theader::is_whole_frame(&body) {
            match theader::read_frame(body.slice(4..), &self.config.limits) {
                Ok(frame) => {
                    let write = HeaderWrite {
                        transforms: frame.transforms,
                        ..HeaderWrite::default()
                    };
                    let info = Metadata::from_pairs(frame.info);
                    (frame.protocol, frame.payload, info, Some(write))
                }
                Err(err) => {
                    return text_response(
                        StatusCode::BAD_REQUEST,
                        &format!("body is not a THeader frame: {err}\n"),
                    );
                }
            }
        } else {
            let Some(protocol) = self
                .config
                .protocol
                .or(declared)
                .or_else(|| protocol_of_first_byte(&body))
            else {
                return text_response(StatusCode::BAD_REQUEST, "body is not a Thrift message\n");
            };
            (protocol, body, headers, None)
        };
        let reply_type = reply_content_type(content_type.as_ref(), declared, protocol);
        let mut reader = protocol.reader(body, self.config.limits);
        let header = match reader.read_header() {
            Ok(header) => header,
            Err(err) => {
                tracing::debug!(peer = %self.peer, error = %err, "undecodable HTTP request");
                return text_response(
                    StatusCode::BAD_REQUEST,
                    &format!("body is not a {protocol} Thrift message: {err}\n"),
                );
            }
        };
        let message = IncomingMessage {
            header,
            body: reader,
            headers,
        };
        let peer = self.peer;
        let (body, reply_headers) = if message.header.kind == MessageType::Oneway {
            // Answered before the handler runs, as Apache's servers do.
            tokio::spawn(self.answer(protocol, message, received, in_header));
            (Bytes::new(), Metadata::new())
        } else {
            self.answer(protocol, message, received, in_header).await
        };
        let mut response = cors(Response::new(Full::new(body)));
        for pair in reply_headers.iter() {
            if let Err(why) = http_headers::write_pairs([pair], response.headers_mut()) {
                tracing::warn!(%peer, %why, "reply header not sent");
            }
        }
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, reply_type);
        response
    }
}

fn content_length(headers: &HeaderMap) -> Option<usize> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Adds the header that lets pages of any origin read the response.
fn cors(mut response: Response<Full<Bytes>>) -> Response<Full<Bytes>> {
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

/// Answers a CORS preflight: POST from any origin, with the headers the
/// browser asks for.
fn preflight(request: &HeaderMap) -> Response<Full<Bytes>> {
    let mut response = cors(Response::new(Full::new(Bytes::new())));
    *response.status_mut() = StatusCode::NO_CONTENT;
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST, OPTIONS"),
    );
    let allowed = request
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static("Content-Type"));
    headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, allowed);
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("86400"),
    );
    headers.insert(header::ALLOW, HeaderValue::from_static("POST, OPTIONS"));
    response
}

fn too_large(max: usize) -> Response<Full<Bytes>> {
    text_response(
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!("request body above the limit of {max} bytes\n"),
    )
}

fn text_response(status: StatusCode, text: &str) -> Response<Full<Bytes>> {
    let mut response = cors(Response::new(Full::new(Bytes::from(text.to_owned()))));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}
