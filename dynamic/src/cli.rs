//! `trift call`, as a function the `trift` binary hands its parsed flags to:
//! loads the IDL, reads the arguments (from the command line or stdin),
//! makes the call and prints the outcome.
//!
//! | outcome | output | exit |
//! |---|---|---|
//! | success | the result as pretty JSON on stdout | 0 |
//! | declared exception | `{"ExceptionName": {...fields}}` on stdout | 1 |
//! | anything else | a message on stderr | 2 |

use std::io::{Read as _, Write as _};
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value as Json;
use trift::Protocol;

use crate::call::{self, CallError, CallOptions, Client, Outcome, Transport};
use crate::schema::Schema;

/// The flags of `trift call`.
#[derive(Debug, Clone, Default)]
pub struct CallCommand {
    /// `-I DIR`: include directories.
    pub include_dirs: Vec<PathBuf>,
    /// `--idl FILE`.
    pub idl: PathBuf,
    /// `--protocol`: `binary` (default), `compact` or `json`.
    pub protocol: Option<String>,
    /// `--transport`: `buffered` (default), `framed`, `http`, or `gateway`
    /// (ADDR is a trift JSON gateway: the call is `POST /Service/method`).
    pub transport: Option<String>,
    /// `--multiplexed NAME`.
    pub multiplexed: Option<String>,
    /// `--header K=V`, repeatable.
    pub headers: Vec<String>,
    /// `--timeout DUR` (default 10s).
    pub timeout: Option<String>,
    /// `--list`: print the services and methods instead of calling.
    pub list: bool,
    /// `ADDR`: `host:port` or an `http://` URL.
    pub addr: Option<String>,
    /// `SERVICE.METHOD`.
    pub method: Option<String>,
    /// The arguments as a JSON object; `-` reads them from stdin.
    pub json: Option<String>,
}

/// Runs `trift call`; returns the exit status.
pub fn run(command: &CallCommand) -> u8 {
    match execute(command) {
        Ok((text, code)) => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
            code
        }
        Err(message) => {
            let _ = writeln!(std::io::stderr().lock(), "error: {message}");
            2
        }
    }
}

/// Loads `idl` (with `include_dirs`) into a schema; the error is the
/// rendered diagnostics.
pub fn load_schema(idl: &PathBuf, include_dirs: &[PathBuf]) -> Result<Schema, String> {
    let compilation = trift_idl::load(std::slice::from_ref(idl), include_dirs);
    let Some(model) = &compilation.model else {
        let errors: Vec<String> = compilation
            .diagnostics
            .iter()
            .map(|d| d.display(&compilation.sources).to_string())
            .collect();
        return Err(format!(
            "`{}` does not check:\n{}",
            idl.display(),
            errors.join("\n")
        ));
    };
    Schema::new(model).map_err(|e| e.to_string())
}

/// Parses `--protocol`.
pub fn parse_protocol(text: Option<&str>) -> Result<Protocol, String> {
    match text.unwrap_or("binary") {
        "binary" => Ok(Protocol::Binary),
        "compact" => Ok(Protocol::Compact),
        "json" => Ok(Protocol::Json),
        other => Err(format!(
            "unknown protocol `{other}` (binary, compact, json)"
        )),
    }
}

fn parse_transport(text: Option<&str>) -> Result<Transport, String> {
    match text.unwrap_or("buffered") {
        "buffered" => Ok(Transport::Buffered),
        "framed" => Ok(Transport::Framed),
        "http" => Ok(Transport::Http),
        other => Err(format!(
            "unknown transport `{other}` (buffered, framed, http)"
        )),
    }
}

/// Runs `trift call` without printing: what goes to stdout and the exit
/// status (0 or 1), or the message for stderr (exit status 2). Starts a
/// runtime of its own, so it must not be called from within one.
pub fn execute(command: &CallCommand) -> Result<(String, u8), String> {
    let schema = Arc::new(load_schema(&command.idl, &command.include_dirs)?);
    if command.list {
        return Ok((call::list(&schema), 0));
    }
    let (Some(addr), Some(target)) = (&command.addr, &command.method) else {
        return Err("ADDR and SERVICE.METHOD are required (or --list)".into());
    };
    let gateway = command.transport.as_deref() == Some("gateway");
    let mut options = CallOptions {
        protocol: parse_protocol(command.protocol.as_deref())?,
        transport: if gateway {
            Transport::Http
        } else {
            parse_transport(command.transport.as_deref())?
        },
        multiplexed: command.multiplexed.clone(),
        ..CallOptions::default()
    };
    if let Some(timeout) = &command.timeout {
        options.timeout = call::parse_duration(timeout)?;
    }
    for header in &command.headers {
        let Some((name, value)) = header.split_once('=') else {
            return Err(format!("--header `{header}` is not K=V"));
        };
        options
            .headers
            .push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let text = match command.json.as_deref() {
        Some("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| format!("reading stdin: {e}"))?;
            text
        }
        Some(text) => text.to_owned(),
        None => String::new(),
    };
    let args: Json = if text.trim().is_empty() {
        Json::Null
    } else {
        serde_json::from_str(&text).map_err(|e| format!("the arguments are not JSON: {e}"))?
    };
    let method = call::resolve_method(&schema, target).map_err(|e| e.to_string())?;
    let slots = call::arguments(&schema, method, &args).map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("starting the runtime: {e}"))?;
    if gateway {
        if options.multiplexed.is_some() {
            return Err("--multiplexed does not apply to --transport gateway".into());
        }
        return gateway_call(&runtime, &schema, addr, target, &slots, &options);
    }
    let client = Client::new(addr, &options).map_err(|e| e.to_string())?;
    let deadline = options.timeout;
    let outcome = runtime.block_on(async {
        match tokio::time::timeout(
            deadline,
            call::call(
                &schema,
                &client,
                method,
                slots,
                options.multiplexed.as_deref(),
            ),
        )
        .await
        {
            Ok(outcome) => outcome,
            Err(_) => Err(CallError::Timeout(format!("no answer within {deadline:?}"))),
        }
    });
    print_outcome(outcome.map_err(|e| e.to_string())?)
}

#[cfg(feature = "http")]
fn gateway_call(
    runtime: &tokio::runtime::Runtime,
    schema: &Schema,
    addr: &str,
    target: &str,
    slots: &[Option<crate::value::Value>],
    options: &CallOptions,
) -> Result<(String, u8), String> {
    let outcome = runtime.block_on(crate::gateway_client::call(
        schema, addr, target, slots, options,
    ));
    print_outcome(outcome.map_err(|e| e.to_string())?)
}

#[cfg(not(feature = "http"))]
fn gateway_call(
    _runtime: &tokio::runtime::Runtime,
    _schema: &Schema,
    _addr: &str,
    _target: &str,
    _slots: &[Option<crate::value::Value>],
    _options: &CallOptions,
) -> Result<(String, u8), String> {
    Err("--transport gateway needs trift-dynamic's `http` feature".into())
}

/// The output and exit status of an outcome.
fn print_outcome(outcome: Outcome) -> Result<(String, u8), String> {
    match outcome {
        Outcome::Success(json) => Ok((pretty(&json), 0)),
        Outcome::Exception { name, value } => {
            let mut object = serde_json::Map::new();
            object.insert(name, value);
            Ok((pretty(&Json::Object(object)), 1))
        }
        Outcome::Sent => Ok((String::new(), 0)),
    }
}

fn pretty(json: &Json) -> String {
    format!(
        "{}\n",
        serde_json::to_string_pretty(json).unwrap_or_default()
    )
}

/// The flags of `trift gateway`.
#[cfg(feature = "http")]
#[derive(Debug, Clone, Default)]
pub struct GatewayCommand {
    /// `-I DIR`: include directories.
    pub include_dirs: Vec<PathBuf>,
    /// `--idl FILE`.
    pub idl: PathBuf,
    /// `--listen ADDR`.
    pub listen: String,
    /// `--protocol` towards the upstream.
    pub protocol: Option<String>,
    /// `--transport` towards the upstream.
    pub transport: Option<String>,
    /// `--multiplexed NAME`.
    pub multiplexed: Option<String>,
    /// `--timeout DUR`: each call's deadline.
    pub timeout: Option<String>,
    /// `--max-body BYTES`: the largest request body accepted.
    pub max_body: Option<usize>,
    /// `--read-timeout DUR`: how long a request's head and body may take.
    pub read_timeout: Option<String>,
    /// `UPSTREAM`: `host:port` or an `http://` URL.
    pub upstream: String,
}

/// Runs `trift gateway` until it fails; returns the exit status (2).
#[cfg(feature = "http")]
pub fn run_gateway(command: &GatewayCommand) -> u8 {
    let result = (|| -> Result<(), String> {
        let schema = Arc::new(load_schema(&command.idl, &command.include_dirs)?);
        let mut options = crate::gateway::GatewayOptions::default();
        options.call.protocol = parse_protocol(command.protocol.as_deref())?;
        options.call.transport = parse_transport(command.transport.as_deref())?;
        options.call.multiplexed = command.multiplexed.clone();
        if let Some(timeout) = &command.timeout {
            options.call.timeout = call::parse_duration(timeout)?;
        }
        if let Some(max_body) = command.max_body {
            options.max_body = max_body;
        }
        if let Some(read_timeout) = &command.read_timeout {
            options.read_timeout = call::parse_duration(read_timeout)?;
        }
        options.title = command.idl.display().to_string();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("starting the runtime: {e}"))?;
        runtime.block_on(async {
            let gateway = crate::gateway::Gateway::new(schema, &command.upstream, options)
                .map_err(|e| e.to_string())?;
            let listener = tokio::net::TcpListener::bind(&command.listen)
                .await
                .map_err(|e| format!("listening on {}: {e}", command.listen))?;
            let addr = listener.local_addr().map_err(|e| e.to_string())?;
            let _ = writeln!(
                std::io::stderr().lock(),
                "gateway on http://{addr}/ -> {}",
                command.upstream
            );
            Arc::new(gateway)
                .serve(listener)
                .await
                .map_err(|e| e.to_string())
        })
    })();
    match result {
        Ok(()) => 0,
        Err(message) => {
            let _ = writeln!(std::io::stderr().lock(), "error: {message}");
            2
        }
    }
}
