//! A JSON/HTTP gateway in front of any Thrift service: `POST
//! /Service/method` with a JSON object of arguments, and the resource URLs of
//! `api.get` / `api.post` annotations (`api.get = "/trips/:id"`: path and
//! query parameters bound to arguments by name), `GET /openapi.json`.
//!
//! | outcome | status | body |
//! |---|---|---|
//! | success | 200 | the result |
//! | oneway sent | 202 | `null` |
//! | declared exception | 422 | `{"ExceptionName": {...}}` |
//! | malformed JSON | 400 | `{"error": "POST /Calculator/add: the body is not JSON: ... at line 1 column 9"}` |
//! | arguments that do not fit | 400 | `{"error": "bad request: w.op: expected i32, ..."}` |
//! | no such route | 404 (405 for another HTTP method) | `{"error": ...}` |
//! | body that does not arrive within the read timeout | 408 | `{"error": ...}` |
//! | body above the limit (by `Content-Length`, unread, or as it arrives) | 413 | `{"error": ...}` |
//! | upstream failure (transport, application exception, bad reply) | 502 | `{"error": ...}` |
//! | upstream deadline | 504 | `{"error": ...}` |
//!
//! The limits and timeouts are the trift server's own for Thrift over HTTP:
//! a request head must arrive within the read timeout (which is also how long
//! a kept-alive connection may sit idle), the body as well, and bodies above
//! 16,384,000 bytes are refused unless [`GatewayOptions::max_body`] says
//! otherwise. Each upstream call has [`CallOptions::timeout`] as its
//! deadline, and the upstream's reply is decoded with
//! [`CallOptions::limits`].

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::{Map, Value as Json, json};

use crate::call::{self, CallError, CallOptions, Client, Outcome};
use crate::schema::{Schema, Ty};

/// One piece of a route's path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    /// Matched as is.
    Literal(String),
    /// `:name`: binds the argument `name`.
    Param(String),
}

/// A URL the gateway maps onto a method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// `get` or `post`.
    pub http_method: String,
    segments: Vec<Segment>,
    /// The service (as the IDL names it).
    pub service: String,
    /// The method.
    pub method: String,
}

impl Route {
    fn new(http_method: &str, path: &str, service: &str, method: &str) -> Route {
        let segments = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| match s.strip_prefix(':') {
                Some(name) => Segment::Param(name.to_owned()),
                None => Segment::Literal(s.to_owned()),
            })
            .collect();
        Route {
            http_method: http_method.to_owned(),
            segments,
            service: service.to_owned(),
            method: method.to_owned(),
        }
    }

    /// The names of its path parameters.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Param(name) => Some(name.as_str()),
            Segment::Literal(_) => None,
        })
    }

    /// The path in OpenAPI's spelling (`/trips/{id}`).
    pub fn openapi_path(&self) -> String {
        let mut path = String::new();
        for segment in &self.segments {
            path.push('/');
            match segment {
                Segment::Literal(s) => path.push_str(s),
                Segment::Param(name) => path.push_str(&format!("{{{name}}}")),
            }
        }
        if path.is_empty() {
            path.push('/');
        }
        path
    }

    /// A unique operation id (`Service.method`, `Service.method.get`).
    pub fn operation_id(&self) -> String {
        let generic = self.segments.len() == 2
            && self.segments[0] == Segment::Literal(self.service.clone())
            && self.segments[1] == Segment::Literal(self.method.clone());
        if generic {
            format!("{}.{}", self.service, self.method)
        } else {
            format!("{}.{}.{}", self.service, self.method, self.http_method)
        }
    }

    /// The path parameters when `path` matches.
    fn matches(&self, path: &str) -> Option<Vec<(String, String)>> {
        let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        if parts.len() != self.segments.len() {
            return None;
        }
        let mut params = Vec::new();
        for (segment, part) in self.segments.iter().zip(parts) {
            let part = percent_decode(part)?;
            match segment {
                Segment::Literal(s) if *s == part => {}
                Segment::Literal(_) => return None,
                Segment::Param(name) => params.push((name.clone(), part)),
            }
        }
        Some(params)
    }
}

/// Every route of `schema`: `POST /Service/method` for each method of each
/// service (inherited ones too), then each method's `api.get` / `api.post`.
pub fn routes(schema: &Schema) -> Vec<Route> {
    let mut out = Vec::new();
    for (index, service) in schema.services.iter().enumerate() {
        for method in schema.all_methods(index) {
            out.push(Route::new(
                "post",
                &format!("/{}/{}", service.name, method.name),
                &service.name,
                &method.name,
            ));
        }
        for method in &service.methods {
            for (key, value) in &method.annotations {
                let verb = match key.as_str() {
                    "api.get" => "get",
                    "api.post" => "post",
                    _ => continue,
                };
                out.push(Route::new(verb, value, &service.name, &method.name));
            }
        }
    }
    out
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            other => {
                out.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// A URL parameter as the JSON value of an argument of type `ty`: text for
/// strings, binary, uuids and enums; JSON (numbers, booleans, arrays) for
/// the rest, falling back to text.
fn param_json(ty: &Ty, text: &str) -> Json {
    match ty {
        Ty::String | Ty::Binary | Ty::Uuid | Ty::Enum(_) => Json::from(text),
        _ => serde_json::from_str(text).unwrap_or_else(|_| Json::from(text)),
    }
}

/// Settings of a [`Gateway`].
#[derive(Debug, Clone)]
pub struct GatewayOptions {
    /// How the gateway calls the upstream (protocol, transport, deadline, limits).
    pub call: CallOptions,
    /// The largest request body accepted, in bytes (default 16,384,000, the
    /// trift server's limit for Thrift over HTTP).
    pub max_body: usize,
    /// A request's head, and then its body, must arrive within this; it is
    /// also how long a kept-alive connection may wait for its next request
    /// (default 30 s, the trift server's read timeout).
    pub read_timeout: Duration,
    /// The OpenAPI document's title.
    pub title: String,
}

/// The trift server's limit on an HTTP request body (Apache's `THttpServer`'s).
pub const DEFAULT_MAX_BODY: usize = 16_384_000;

impl Default for GatewayOptions {
    fn default() -> Self {
        GatewayOptions {
            call: CallOptions::default(),
            max_body: DEFAULT_MAX_BODY,
            read_timeout: Duration::from_secs(30),
            title: "trift gateway".into(),
        }
    }
}

/// A JSON/HTTP gateway in front of one upstream Thrift service.
pub struct Gateway {
    schema: Arc<Schema>,
    client: Client,
    routes: Vec<Route>,
    openapi: Bytes,
    options: GatewayOptions,
}

/// A status and a JSON body.
pub type Answer = (u16, Json);

fn error(status: u16, message: impl Into<String>) -> Answer {
    (status, json!({"error": message.into()}))
}

impl Gateway {
    /// A gateway to `upstream` (`host:port` or an `http://` URL).
    pub fn new(
        schema: Arc<Schema>,
        upstream: &str,
        options: GatewayOptions,
    ) -> Result<Gateway, CallError> {
        let client = Client::new(upstream, &options.call)?;
        let routes = routes(&schema);
        let document = crate::openapi::document(&schema, &options.title, &routes);
        let openapi = Bytes::from(serde_json::to_vec_pretty(&document).unwrap_or_default());
        Ok(Gateway {
            schema,
            client,
            routes,
            openapi,
            options,
        })
    }

    /// The OpenAPI document served at `GET /openapi.json`.
    pub fn openapi(&self) -> &Bytes {
        &self.openapi
    }

    /// Answers one request: `method` (`GET`, `POST`), the path with its query,
    /// and the body.
    pub async fn answer(&self, method: &str, path_and_query: &str, body: &[u8]) -> Answer {
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        let verb = method.to_ascii_lowercase();
        if verb == "get" && path == "/openapi.json" {
            let document = serde_json::from_slice(&self.openapi).unwrap_or(Json::Null);
            return (200, document);
        }
        let mut path_matched = false;
        for route in &self.routes {
            let Some(params) = route.matches(path) else {
                continue;
            };
            path_matched = true;
            if route.http_method != verb {
                continue;
            }
            return self.call(route, params, query, body, method, path).await;
        }
        if path_matched {
            error(405, format!("{method} is not routed for {path}"))
        } else {
            error(404, format!("no route for {path}"))
        }
    }

    async fn call(
        &self,
        route: &Route,
        params: Vec<(String, String)>,
        query: &str,
        body: &[u8],
        http_method: &str,
        path: &str,
    ) -> Answer {
        let schema = &self.schema;
        let target = format!("{}.{}", route.service, route.method);
        let method = match call::resolve_method(schema, &target) {
            Ok(method) => method,
            Err(e) => return error(404, e.to_string()),
        };
        let mut args = if body.iter().all(u8::is_ascii_whitespace) {
            Map::new()
        } else {
            match serde_json::from_slice::<Json>(body) {
                Ok(Json::Object(object)) => object,
                Ok(_) => {
                    return error(
                        400,
                        format!(
                            "{http_method} {path}: the body must be a JSON object of arguments"
                        ),
                    );
                }
                Err(e) => {
                    return error(
                        400,
                        format!("{http_method} {path}: the body is not JSON: {e}"),
                    );
                }
            }
        };
        let arg_type = |name: &str| {
            let desc = schema.structs.get(method.args)?;
            desc.field_index(name).map(|i| desc.fields[i].ty.clone())
        };
        let pairs = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| p.split_once('=').unwrap_or((p, "")));
        for (name, value) in pairs {
            let (Some(name), Some(value)) = (percent_decode(name), percent_decode(value)) else {
                return error(400, "the query is not valid percent-encoded UTF-8");
            };
            let ty = arg_type(&name).unwrap_or(Ty::String);
            args.insert(name, param_json(&ty, &value));
        }
        for (name, value) in params {
            let ty = arg_type(&name).unwrap_or(Ty::String);
            args.insert(name, param_json(&ty, &value));
        }
        let slots = match call::arguments(schema, method, &Json::Object(args)) {
            Ok(slots) => slots,
            Err(e) => return error(400, e.to_string()),
        };
        let deadline = self.options.call.timeout;
        let call = call::call(
            schema,
            &self.client,
            method,
            slots,
            self.options.call.multiplexed.as_deref(),
        );
        let outcome = match tokio::time::timeout(deadline, call).await {
            Ok(outcome) => outcome,
            Err(_) => Err(CallError::Timeout(format!("no answer within {deadline:?}"))),
        };
        match outcome {
            Ok(Outcome::Success(json)) => (200, json),
            Ok(Outcome::Sent) => (202, Json::Null),
            Ok(Outcome::Exception { name, value }) => {
                let mut object = Map::new();
                object.insert(name, value);
                (422, Json::Object(object))
            }
            Err(CallError::Timeout(m)) => error(504, m),
            Err(CallError::Input(m)) => error(400, m),
            Err(other) => error(502, other.to_string()),
        }
    }

    async fn handle(&self, request: Request<Incoming>) -> Response<Full<Bytes>> {
        let method = request.method().as_str().to_owned();
        let path = request
            .uri()
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
        let max = self.options.max_body;
        let too_large = || error(413, format!("the body is above the limit of {max} bytes"));
        let declared = request
            .headers()
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let (status, body) = if declared.is_some_and(|len| len > max as u64) {
            // Refused unread, as the trift server refuses it.
            too_large()
        } else {
            let limited = Limited::new(request.into_body(), max).collect();
            match tokio::time::timeout(self.options.read_timeout, limited).await {
                Ok(Ok(body)) => self.answer(&method, &path, &body.to_bytes()).await,
                Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => too_large(),
                Ok(Err(e)) => error(400, format!("reading the body: {e}")),
                Err(_) => error(
                    408,
                    format!(
                        "the body did not arrive within {:?}",
                        self.options.read_timeout
                    ),
                ),
            }
        };
        let text = serde_json::to_vec_pretty(&body).unwrap_or_default();
        let mut response = Response::new(Full::new(Bytes::from(text)));
        *response.status_mut() =
            http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
        response
    }

    /// Serves HTTP/1.1 on `listener` until the task is dropped. A request
    /// head that does not arrive within the read timeout (a kept-alive
    /// connection idle that long included) closes the connection.
    pub async fn serve(self: Arc<Self>, listener: tokio::net::TcpListener) -> std::io::Result<()> {
        loop {
            let (stream, _) = listener.accept().await?;
            let gateway = self.clone();
            tokio::spawn(async move {
                let read_timeout = gateway.options.read_timeout;
                let service = hyper::service::service_fn(move |request| {
                    let gateway = gateway.clone();
                    async move { Ok::<_, Infallible>(gateway.handle(request).await) }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(read_timeout)
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    }
}
