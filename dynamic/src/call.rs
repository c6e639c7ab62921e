//! Calling any method of any Thrift service from its IDL alone: the
//! arguments come as JSON, go out through the runtime's [`Channel`] (TCP,
//! buffered or framed) or [`HttpChannel`], and the reply comes back as JSON.
//!
//! A reply is one of: the success value (`null` for `void`), a declared
//! exception (`{"ExceptionName": {...}}`), or an error: a
//! `TApplicationException`, a transport failure, a reply that does not
//! decode. Oneway methods complete once written.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value as Json;
#[cfg(feature = "http")]
use trift::HttpChannel;
use trift::protocol::{Limits, MessageType, ProtocolReader, ProtocolResult, ProtocolWriter, TType};
use trift::{
    ApplicationException, Channel, ClientReply, ClientRequest, Encode, Error, Framing,
    MessageReader, Protocol, WireType,
};

use crate::codec;
use crate::json;
use crate::schema::{MethodDesc, Schema, Ty};
use crate::value::Value;

/// How messages travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// TCP, messages back to back (`TBufferedTransport`).
    Buffered,
    /// TCP, each message behind its 4-byte length (`TFramedTransport`).
    Framed,
    /// One HTTP POST per call.
    Http,
}

/// Everything about a call except the method and its arguments.
#[derive(Debug, Clone)]
pub struct CallOptions {
    /// The wire protocol.
    pub protocol: Protocol,
    /// The transport; an `http://` address implies [`Transport::Http`].
    pub transport: Transport,
    /// The service name a `TMultiplexedProtocol` server routes on.
    pub multiplexed: Option<String>,
    /// HTTP headers sent with each call (HTTP only).
    pub headers: Vec<(String, String)>,
    /// The deadline of the whole call, connecting included.
    pub timeout: Duration,
    /// Limits on the reply.
    pub limits: Limits,
}

impl Default for CallOptions {
    fn default() -> Self {
        CallOptions {
            protocol: Protocol::Binary,
            transport: Transport::Buffered,
            multiplexed: None,
            headers: Vec::new(),
            timeout: Duration::from_secs(10),
            limits: Limits::default(),
        }
    }
}

/// What a call returned.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The method's result (`null` for `void`).
    Success(Json),
    /// A declared exception: its name and its fields.
    Exception {
        /// The exception type's name.
        name: String,
        /// Its fields as JSON.
        value: Json,
    },
    /// A oneway call was written.
    Sent,
}

/// Why a call did not get an [`Outcome`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    /// The request could not be built: unknown service or method, arguments
    /// that do not fit the IDL, a bad address or option. Nothing was sent.
    Input(String),
    /// The server answered with a `TApplicationException`.
    Application(String),
    /// The transport failed (the message says so: `transport error: ...`).
    Transport(String),
    /// The call timed out (a kind of transport failure the gateway maps to 504).
    Timeout(String),
    /// The reply could not be decoded.
    Protocol(String),
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Input(m) => write!(f, "bad request: {m}"),
            CallError::Application(m) => write!(f, "application error: {m}"),
            CallError::Transport(m) => f.write_str(m),
            CallError::Timeout(m) => write!(f, "timeout: {m}"),
            CallError::Protocol(m) => write!(f, "bad reply: {m}"),
        }
    }
}

impl std::error::Error for CallError {}

impl From<Error> for CallError {
    fn from(err: Error) -> Self {
        match err {
            Error::Application(e) => CallError::Application(application_text(&e)),
            Error::Protocol(e) => CallError::Protocol(e.to_string()),
            Error::Transport(trift::TransportError::CallTimeout(d))
            | Error::Transport(trift::TransportError::ConnectTimeout(d)) => {
                CallError::Timeout(format!("no answer within {d:?}"))
            }
            other => CallError::Transport(other.to_string()),
        }
    }
}

fn application_text(e: &ApplicationException) -> String {
    format!("{:?}: {}", e.kind, e.message)
}

/// The arguments of one call, encoded by the dynamic codec.
struct Args {
    schema: Arc<Schema>,
    index: usize,
    fields: Vec<Option<Value>>,
}

impl WireType for Args {
    const TTYPE: TType = TType::Struct;
}

impl Encode for Args {
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        match self.schema.structs.get(self.index) {
            Some(desc) => codec::encode_struct(&self.schema, desc, &self.fields, writer),
            None => Err(trift::protocol::ProtocolError::invalid(
                "arguments outside the schema",
            )),
        }
    }
}

/// Finds `Service.method` in the schema.
pub fn resolve_method<'s>(schema: &'s Schema, target: &str) -> Result<&'s MethodDesc, CallError> {
    let Some((service, method)) = target.rsplit_once('.') else {
        return Err(CallError::Input(format!(
            "`{target}` is not SERVICE.METHOD"
        )));
    };
    let index = schema
        .find_service(service)
        .ok_or_else(|| CallError::Input(format!("no service `{service}` in the IDL")))?;
    schema
        .find_method(index, method)
        .ok_or_else(|| CallError::Input(format!("service `{service}` has no method `{method}`")))
}

/// Turns a JSON object of arguments (by name) into the method's argument
/// slots, filling in defaults; `null` means no arguments.
pub fn arguments(
    schema: &Schema,
    method: &MethodDesc,
    args: &Json,
) -> Result<Vec<Option<Value>>, CallError> {
    let empty = serde_json::Map::new();
    let object = match args {
        Json::Object(object) => object,
        Json::Null => &empty,
        _ => {
            return Err(CallError::Input(
                "the arguments must be a JSON object".into(),
            ));
        }
    };
    let desc = schema
        .structs
        .get(method.args)
        .ok_or_else(|| CallError::Input("arguments outside the schema".into()))?;
    json::struct_from_json(schema, desc, object, "").map_err(|e| CallError::Input(e.to_string()))
}

/// A client for one address, reused across calls.
#[derive(Clone)]
pub enum Client {
    /// A TCP channel.
    Tcp(Channel),
    /// An HTTP channel.
    #[cfg(feature = "http")]
    Http(HttpChannel),
}

impl Client {
    /// A client for `addr`: `host:port`, or an `http://` URL (which implies
    /// [`Transport::Http`]; `host:port` with `Transport::Http` posts to `/`).
    pub fn new(addr: &str, options: &CallOptions) -> Result<Client, CallError> {
        let http = addr.starts_with("http://") || options.transport == Transport::Http;
        if addr.starts_with("https://") {
            return Err(CallError::Input(
                "https:// is not supported; use http://".into(),
            ));
        }
        if !http && !options.headers.is_empty() {
            return Err(CallError::Input("--header needs the http transport".into()));
        }
        #[cfg(not(feature = "http"))]
        if http {
            return Err(CallError::Input(
                "HTTP needs trift-dynamic's `http` feature".into(),
            ));
        }
        #[cfg(feature = "http")]
        if http {
            let url = if addr.starts_with("http://") {
                addr.to_owned()
            } else {
                format!("http://{addr}/")
            };
            let mut builder = HttpChannel::builder(url)
                .protocol(options.protocol)
                .call_timeout(options.timeout)
                .connect_timeout(options.timeout)
                .limits(options.limits);
            for (name, value) in &options.headers {
                builder = builder.header(name.clone(), value.clone());
            }
            return builder
                .build()
                .map(Client::Http)
                .map_err(|e| CallError::Input(e.to_string()));
        }
        {
            let framing = match options.transport {
                Transport::Framed => Framing::Framed,
                _ => Framing::Unframed,
            };
            Ok(Client::Tcp(
                Channel::builder(addr.to_owned())
                    .protocol(options.protocol)
                    .framing(framing)
                    .call_timeout(options.timeout)
                    .connect_timeout(options.timeout)
                    .limits(options.limits)
                    .build(),
            ))
        }
    }

    async fn send(&self, request: ClientRequest) -> Result<ClientReply, Error> {
        match self {
            Client::Tcp(channel) => trift::client::call(channel, request).await,
            #[cfg(feature = "http")]
            Client::Http(channel) => trift::client::call(channel, request).await,
        }
    }
}

/// Calls `method` with `args` (already checked by [`arguments`]) and turns
/// the reply into an [`Outcome`].
pub async fn call(
    schema: &Arc<Schema>,
    client: &Client,
    method: &MethodDesc,
    args: Vec<Option<Value>>,
    multiplexed: Option<&str>,
) -> Result<Outcome, CallError> {
    let name = match multiplexed {
        Some(service) => format!("{service}:{}", method.name),
        None => method.name.clone(),
    };
    let request = ClientRequest {
        method: Cow::Owned(name),
        kind: if method.oneway {
            MessageType::Oneway
        } else {
            MessageType::Call
        },
        args: Arc::new(Args {
            schema: schema.clone(),
            index: method.args,
            fields: args,
        }),
        idempotent: false,
    };
    let reply = client.send(request).await?;
    let ClientReply::Message(mut message) = reply else {
        return Ok(Outcome::Sent);
    };
    match message.header.kind {
        MessageType::Reply => {}
        MessageType::Exception => {
            let exception: ApplicationException = message.body.read_body().map_err(Error::from)?;
            return Err(CallError::Application(application_text(&exception)));
        }
        other => {
            return Err(CallError::Protocol(format!(
                "expected a reply, got a {other:?} message"
            )));
        }
    }
    let result = decode_result(schema, method, &mut message.body)
        .map_err(|e| CallError::Protocol(e.to_string()))?;
    outcome(schema, method, &result)
}

fn decode_result(
    schema: &Schema,
    method: &MethodDesc,
    body: &mut MessageReader,
) -> ProtocolResult<Vec<Option<Value>>> {
    fn with<R: ProtocolReader>(
        schema: &Schema,
        method: &MethodDesc,
        reader: &mut R,
    ) -> ProtocolResult<Vec<Option<Value>>> {
        let desc = schema
            .structs
            .get(method.result)
            .ok_or_else(|| trift::protocol::ProtocolError::invalid("result outside the schema"))?;
        let fields = codec::decode_struct(schema, desc, reader)?;
        reader.read_message_end()?;
        Ok(fields)
    }
    match body {
        MessageReader::Binary(reader) => with(schema, method, reader),
        MessageReader::Compact(reader) => with(schema, method, reader),
        MessageReader::Json(reader) => with(schema, method, reader),
    }
}

/// The outcome a decoded result struct stands for.
fn outcome(
    schema: &Schema,
    method: &MethodDesc,
    result: &[Option<Value>],
) -> Result<Outcome, CallError> {
    let desc = schema
        .structs
        .get(method.result)
        .ok_or_else(|| CallError::Protocol("result outside the schema".into()))?;
    for (field, slot) in desc.fields.iter().zip(result) {
        let Some(value) = slot else { continue };
        let json = json::to_json(schema, &field.ty, value, &field.name)
            .map_err(|e| CallError::Protocol(e.to_string()))?;
        if field.id == 0 {
            return Ok(Outcome::Success(json));
        }
        let name = match &field.ty {
            Ty::Struct(index) => schema
                .structs
                .get(*index)
                .map_or_else(|| field.name.clone(), |s| s.name.clone()),
            _ => field.name.clone(),
        };
        return Ok(Outcome::Exception { name, value: json });
    }
    if method.returns.is_none() {
        Ok(Outcome::Success(Json::Null))
    } else {
        Err(CallError::Application(format!(
            "MissingResult: {} failed: unknown result",
            method.name
        )))
    }
}

/// Parses a duration: a number with `ms`, `s`, `m` or `h` (`500ms`, `2.5s`);
/// a bare number is seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration (e.g. 500ms, 5s, 1m)"))?;
    let seconds = match unit {
        "ms" => number / 1000.0,
        "" | "s" => number,
        "m" => number * 60.0,
        "h" => number * 3600.0,
        _ => return Err(format!("`{text}` has an unknown unit (ms, s, m, h)")),
    };
    Duration::try_from_secs_f64(seconds).map_err(|_| format!("`{text}` is out of range"))
}

/// The services and methods of `schema`, one signature a line
/// (`Calculator.calculate(1: i32 logid, 2: Work w) -> i32 throws (1: InvalidOperation ouch)`).
pub fn list(schema: &Schema) -> String {
    let mut out = String::new();
    for (index, service) in schema.services.iter().enumerate() {
        match service.extends.and_then(|b| schema.services.get(b)) {
            Some(base) => {
                out.push_str(&format!("service {} extends {}\n", service.name, base.name))
            }
            None => out.push_str(&format!("service {}\n", service.name)),
        }
        for method in schema.all_methods(index) {
            out.push_str("  ");
            out.push_str(&signature(schema, &service.name, method));
            out.push('\n');
        }
    }
    out
}

fn fields(schema: &Schema, index: usize, skip_success: bool) -> String {
    schema
        .structs
        .get(index)
        .map(|desc| {
            desc.fields
                .iter()
                .filter(|f| !(skip_success && f.id == 0))
                .map(|f| format!("{}: {} {}", f.id, schema.type_name(&f.ty), f.name))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

fn signature(schema: &Schema, service: &str, method: &MethodDesc) -> String {
    let mut text = format!(
        "{}{service}.{}({})",
        if method.oneway { "oneway " } else { "" },
        method.name,
        fields(schema, method.args, false)
    );
    match &method.returns {
        Some(ty) => text.push_str(&format!(" -> {}", schema.type_name(ty))),
        None => text.push_str(" -> void"),
    }
    let throws = fields(schema, method.result, true);
    if !throws.is_empty() {
        text.push_str(&format!(" throws ({throws})"));
    }
    text
}
