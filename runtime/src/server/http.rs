//! Thrift over HTTP, server side: one POST per call, the message in the
//! body, the reply in the response body, on keep-alive HTTP/1.1 connections
//! (HTTP/1.0 clients such as Apache's Python `THttpClient` work too).
//!
//! The same tower service the TCP server serves answers the calls, so every
//! generated service works over HTTP unchanged. The protocol is the pinned
//! one, else the one the `Content-Type` names, else the one the body's first
//! byte shows. Behaviour follows Apache's servers: a oneway call gets an empty
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
use std::panic::AssertUnwindSafe;
use std::pin::pin;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::FutureExt;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::OwnedSemaphorePermit;
use tower::{Service, ServiceExt};
use tracing::Instrument;

use super::BoxError;
use super::builder::ServerConfig;
use super::shutdown::ShutdownHandle;
use crate::application_exception::{ApplicationException, ApplicationExceptionKind};
use crate::protocol::MessageType;
use crate::rpc::{
    EncodeBody, Framing, IncomingMessage, Protocol, ServerReply, ServerRequest,
    encode_framed_message,
};
use crate::transport::write_deadline::WriteDeadline;

/// The content type of Apache's HTTP clients and servers, for every
/// protocol.
pub(crate) const THRIFT_CONTENT_TYPE: &str = "application/x-thrift";
/// The content type Apache's JavaScript client sends with TJSONProtocol.
pub(crate) const THRIFT_JSON_CONTENT_TYPE: &str = "application/vnd.apache.thrift.json";

/// The content type a client sends for `protocol`.
pub(crate) fn http_content_type(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::Json => THRIFT_JSON_CONTENT_TYPE,
        Protocol::Binary | Protocol::Compact => THRIFT_CONTENT_TYPE,
    }
}

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
    service: S,
    config: Arc<ServerConfig>,
    shutdown: ShutdownHandle,
    permit: Arc<OwnedSemaphorePermit>,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    S: Service<ServerRequest, Response = Option<ServerReply>> + Clone + Send + 'static,
    S::Error: Into<BoxError>,
    S::Future: Send + 'static,
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
    permit: Arc<OwnedSemaphorePermit>,
}

impl<S: Clone> Clone for HttpHandler<S> {
    fn clone(&self) -> Self {
        HttpHandler {
            service: self.service.clone(),
            config: Arc::clone(&self.config),
            peer: self.peer,
            permit: Arc::clone(&self.permit),
        }
    }
}

impl<S> HttpHandler<S>
where
    S: Service<ServerRequest, Response = Option<ServerReply>> + Clone + Send + 'static,
    S::Error: Into<BoxError>,
    S::Future: Send + 'static,
{
    async fn handle(self, request: Request<Incoming>) -> Response<Full<Bytes>> {
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
        let Some(protocol) = self
            .config
            .protocol
            .or(declared)
            .or_else(|| protocol_of_first_byte(&body))
        else {
            return text_response(StatusCode::BAD_REQUEST, "body is not a Thrift message\n");
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
        let span = tracing::debug_span!(
            "rpc",
            method = %header.name,
            seqid = header.seqid,
            peer = %self.peer,
            transport = "http",
        );
        let (name, seqid) = (header.name.clone(), header.seqid);
        let request = ServerRequest {
            message: IncomingMessage {
                header,
                body: reader,
            },
            peer: self.peer,
        };
        let body = match request.kind() {
            MessageType::Call => {
                let outcome = call(self.service, request).instrument(span).await;
                let mut out = Vec::new();
                match outcome {
                    Ok(Some(reply)) => {
                        encode_reply(
                            protocol,
                            &mut out,
                            &reply.name,
                            reply.kind,
                            reply.seqid,
                            &*reply.body,
                        );
                    }
                    // A service that answers a two-way call with nothing: the
                    // client still needs a reply.
                    Ok(None) => {
                        let exception = ApplicationException::new(
                            ApplicationExceptionKind::MissingResult,
                            format!("{name} produced no reply"),
                        );
                        encode_reply(
                            protocol,
                            &mut out,
                            &name,
                            MessageType::Exception,
                            seqid,
                            &exception,
                        );
                    }
                    Err(exception) => {
                        encode_reply(
                            protocol,
                            &mut out,
                            &name,
                            MessageType::Exception,
                            seqid,
                            &exception,
                        );
                    }
                }
                Bytes::from(out)
            }
            MessageType::Oneway => {
                // Answered before the handler runs, as Apache's servers do;
                // the handler holds the connection's permit so that a
                // graceful shutdown waits for it.
                let permit = self.permit;
                tokio::spawn(
                    async move {
                        if let Err(exception) = call(self.service, request).await {
                            crate::server::log_oneway_error(&name, &exception);
                        }
                        drop(permit);
                    }
                    .instrument(span),
                );
                Bytes::new()
            }
            other => {
                let exception = ApplicationException::new(
                    ApplicationExceptionKind::InvalidMessageType,
                    format!("expected a call or oneway message, got {other:?}"),
                );
                let mut out = Vec::new();
                encode_reply(
                    protocol,
                    &mut out,
                    &name,
                    MessageType::Exception,
                    seqid,
                    &exception,
                );
                Bytes::from(out)
            }
        };
        let mut response = cors(Response::new(Full::new(body)));
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, reply_type);
        response
    }
}

/// Runs one call through the service, turning a service error or a panic
/// into the `INTERNAL_ERROR` exception the client gets.
async fn call<S>(
    service: S,
    request: ServerRequest,
) -> Result<Option<ServerReply>, ApplicationException>
where
    S: Service<ServerRequest, Response = Option<ServerReply>>,
    S::Error: Into<BoxError>,
{
    let name = request.method().to_owned();
    match AssertUnwindSafe(service.oneshot(request))
        .catch_unwind()
        .await
    {
        Ok(Ok(reply)) => Ok(reply),
        Ok(Err(err)) => {
            let err: BoxError = err.into();
            tracing::warn!(method = %name, error = %err, "service error");
            Err(ApplicationException::new(
                ApplicationExceptionKind::InternalError,
                err.to_string(),
            ))
        }
        Err(_panic) => {
            tracing::error!(method = %name, "handler panicked");
            Err(ApplicationException::new(
                ApplicationExceptionKind::InternalError,
                format!("handler of {name} panicked"),
            ))
        }
    }
}

/// Encodes one reply message into `out`; a reply that cannot be encoded is
/// replaced by an `INTERNAL_ERROR` exception.
fn encode_reply(
    protocol: Protocol,
    out: &mut Vec<u8>,
    name: &str,
    kind: MessageType,
    seqid: i32,
    body: &dyn EncodeBody,
) {
    let framing = Framing::Unframed;
    if let Err(err) = encode_framed_message(protocol, framing, out, name, kind, seqid, body) {
        tracing::error!(method = name, seqid, error = %err, "reply could not be encoded");
        let exception = ApplicationException::new(
            ApplicationExceptionKind::InternalError,
            format!("reply could not be encoded: {err}"),
        );
        let exception_kind = MessageType::Exception;
        if let Err(err) = encode_framed_message(
            protocol,
            framing,
            out,
            name,
            exception_kind,
            seqid,
            &exception,
        ) {
            tracing::error!(method = name, seqid, error = %err, "exception could not be encoded");
        }
    }
}

/// The protocol a request's `Content-Type` names, if it names one:
/// `application/x-thrift` does not (Apache uses it for every protocol).
fn protocol_of_content_type(value: &HeaderValue) -> Option<Protocol> {
    let value = value.to_str().ok()?;
    let media_type = value.split(';').next().unwrap_or_default().trim();
    let is = |name: &str| media_type.eq_ignore_ascii_case(name);
    if is(THRIFT_JSON_CONTENT_TYPE) || is("application/json") {
        Some(Protocol::Json)
    } else if is("application/vnd.apache.thrift.binary") {
        Some(Protocol::Binary)
    } else if is("application/vnd.apache.thrift.compact") {
        Some(Protocol::Compact)
    } else {
        None
    }
}

/// The protocol a message's first byte shows: `80` strict binary, `00`
/// non-strict binary (a name length), `82` compact, `[` JSON.
fn protocol_of_first_byte(body: &[u8]) -> Option<Protocol> {
    match body.first()? {
        0x80 | 0x00 => Some(Protocol::Binary),
        0x82 => Some(Protocol::Compact),
        b'[' => Some(Protocol::Json),
        _ => None,
    }
}

/// The reply's content type mirrors the request's when that named the
/// protocol; otherwise it is Apache's `application/x-thrift`, or the JSON
/// type for a JSON reply to a request that sent no content type.
fn reply_content_type(
    request: Option<&HeaderValue>,
    declared: Option<Protocol>,
    protocol: Protocol,
) -> HeaderValue {
    match (request, declared) {
        (Some(value), Some(declared)) if declared == protocol => value.clone(),
        (None, _) if protocol == Protocol::Json => {
            HeaderValue::from_static(THRIFT_JSON_CONTENT_TYPE)
        }
        _ => HeaderValue::from_static(THRIFT_CONTENT_TYPE),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_name_protocols() {
        let json = HeaderValue::from_static("application/vnd.apache.thrift.json; charset=utf-8");
        assert_eq!(protocol_of_content_type(&json), Some(Protocol::Json));
        let plain_json = HeaderValue::from_static("Application/JSON");
        assert_eq!(protocol_of_content_type(&plain_json), Some(Protocol::Json));
        let thrift = HeaderValue::from_static(THRIFT_CONTENT_TYPE);
        assert_eq!(protocol_of_content_type(&thrift), None);
        assert_eq!(
            reply_content_type(Some(&json), Some(Protocol::Json), Protocol::Json),
            json
        );
        assert_eq!(
            reply_content_type(Some(&thrift), None, Protocol::Json),
            THRIFT_CONTENT_TYPE
        );
        assert_eq!(
            reply_content_type(None, None, Protocol::Json),
            THRIFT_JSON_CONTENT_TYPE
        );
    }

    #[test]
    fn first_bytes_name_protocols() {
        assert_eq!(protocol_of_first_byte(&[0x80, 1]), Some(Protocol::Binary));
        assert_eq!(
            protocol_of_first_byte(&[0, 0, 0, 3]),
            Some(Protocol::Binary)
        );
        assert_eq!(protocol_of_first_byte(&[0x82]), Some(Protocol::Compact));
        assert_eq!(protocol_of_first_byte(b"[1,"), Some(Protocol::Json));
        assert_eq!(protocol_of_first_byte(b"hello"), None);
        assert_eq!(protocol_of_first_byte(b""), None);
    }
}
