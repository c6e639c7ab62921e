//! The `trift` command-line tool.
//!
//! `trift check [-I DIR]... FILE...` loads and checks IDL files, prints every
//! diagnostic (warnings too) to stderr and exits 0 (no errors) or 1 (errors);
//! clap exits 2 on usage errors. `--dump-model` prints the resolved model as
//! JSON to stdout.
//!
//! `trift compat [-I DIR]... OLD NEW` compares two versions of a contract
//! (each a file or a directory of IDL files) and prints every change with its
//! severity; it exits 0 when nothing breaks at `--fail-on` (default `wire`),
//! 1 when something does, and 2 on usage errors or IDL that does not check.
//! `trift gen [-I DIR]... [--out DIR] [--check] [--no-client] [--no-server]
//! FILE...` turns its arguments into a `trift_codegen::Builder` and runs it:
//! it writes one formatted file per IDL file and a `mod.rs` declaring them,
//! rewriting only changed files; `--check` writes nothing and exits 1 when
//! any file is stale; `--no-client` and `--no-server` leave out a side of
//! every service (`Builder::build_client(false)`, `build_server(false)`).
//!
//! `trift call [-I DIR]... --idl FILE [--protocol P] [--transport T|gateway]
//! [--multiplexed NAME] [--header K=V]... [--timeout DUR] ADDR SERVICE.METHOD
//! [JSON]` calls a method from its IDL alone (`trift_dynamic::cli`): the
//! result as JSON and exit 0, a declared exception and exit 1, an error on
//! stderr and exit 2; `--list` prints every method's signature.
//! `trift gateway [-I DIR]... --idl FILE --listen ADDR [--timeout DUR]
//! [--max-body BYTES] [--read-timeout DUR] UPSTREAM` serves a JSON/HTTP
//! gateway in front of UPSTREAM (`trift_dynamic::gateway`).

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use trift_idl::compat::{self, Allow, Contract, Level};

/// A Thrift-compatible IDL compiler.
#[derive(Debug, Parser)]
#[command(name = "trift", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve a JSON/HTTP gateway in front of a Thrift service:
    /// `POST /Service/method`, `api.get`/`api.post` routes, `GET /openapi.json`.
    Gateway {
        /// Add a directory to the include search path.
        #[arg(short = 'I', long = "include", value_name = "DIR")]
        include_dirs: Vec<PathBuf>,
        /// The IDL file declaring the service.
        #[arg(long, value_name = "FILE")]
        idl: PathBuf,
        /// The address to listen on.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
        listen: String,
        /// The upstream's wire protocol.
        #[arg(long, value_parser = ["binary", "compact", "json"], default_value = "binary")]
        protocol: String,
        /// The upstream's transport (an `http://` UPSTREAM implies `http`).
        #[arg(long, value_parser = ["buffered", "framed", "http"])]
        transport: Option<String>,
        /// The upstream's service name under TMultiplexedProtocol.
        #[arg(long, value_name = "NAME")]
        multiplexed: Option<String>,
        /// Each call's deadline (`500ms`, `5s`); past it the answer is 504.
        #[arg(long, value_name = "DUR", default_value = "10s")]
        timeout: String,
        /// The largest request body accepted; larger ones get 413.
        #[arg(long, value_name = "BYTES", default_value_t = trift_dynamic::gateway::DEFAULT_MAX_BODY)]
        max_body: usize,
        /// A request's head and body must arrive within this (408 otherwise);
        /// also how long an idle kept-alive connection stays open.
        #[arg(long, value_name = "DUR", default_value = "30s")]
        read_timeout: String,
        /// The Thrift service: `host:port` or an `http://` URL.
        upstream: String,
    },
    /// Call a method of any Thrift service from its IDL alone: arguments and
    /// result as JSON.
    Call {
        /// Add a directory to the include search path.
        #[arg(short = 'I', long = "include", value_name = "DIR")]
        include_dirs: Vec<PathBuf>,
        /// The IDL file declaring the service.
        #[arg(long, value_name = "FILE")]
        idl: PathBuf,
        /// The wire protocol.
        #[arg(long, value_parser = ["binary", "compact", "json"], default_value = "binary")]
        protocol: String,
        /// The transport (an `http://` ADDR implies `http`); `gateway`: ADDR is
        /// a `trift gateway`, called with `POST /Service/method` and JSON.
        #[arg(long, value_parser = ["buffered", "framed", "http", "gateway"])]
        transport: Option<String>,
        /// The service name of a TMultiplexedProtocol server.
        #[arg(long, value_name = "NAME")]
        multiplexed: Option<String>,
        /// An HTTP header to send (`K=V`, repeatable; HTTP only).
        #[arg(long = "header", value_name = "K=V")]
        headers: Vec<String>,
        /// The call's deadline (`500ms`, `5s`, `1m`).
        #[arg(long, value_name = "DUR", default_value = "10s")]
        timeout: String,
        /// List the services and methods with their signatures instead.
        #[arg(long)]
        list: bool,
        /// `host:port` or an `http://` URL.
        #[arg(required_unless_present = "list")]
        addr: Option<String>,
        /// The method to call, as `SERVICE.METHOD`.
        #[arg(value_name = "SERVICE.METHOD", required_unless_present = "list")]
        method: Option<String>,
        /// The arguments as a JSON object by name; `-` reads it from stdin.
        json: Option<String>,
    },
    /// Check IDL files and report every error and warning.
    Check {
        /// Add a directory to the include search path (searched in order,
        /// after the including file's own directory).
        #[arg(short = 'I', long = "include", value_name = "DIR")]
        include_dirs: Vec<PathBuf>,
        /// Print the resolved model as JSON on stdout (only when there are no errors).
        #[arg(long)]
        dump_model: bool,
        /// Print diagnostics on one line each (`file:line:col: error: message`).
        #[arg(long)]
        short: bool,
        /// The IDL files to check.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Generate Rust modules from IDL files (one per IDL file, plus `mod.rs`).
    Gen {
        /// Add a directory to the include search path.
        #[arg(short = 'I', long = "include", value_name = "DIR")]
        include_dirs: Vec<PathBuf>,
        /// The output directory (created if missing).
        #[arg(long, value_name = "DIR", default_value = "gen")]
        out: PathBuf,
        /// Write nothing; fail (exit 1) if any output file is missing or stale.
        #[arg(long)]
        check: bool,
        /// Do not generate typed clients for services.
        #[arg(long)]
        no_client: bool,
        /// Do not generate handler traits and dispatchers for services.
        #[arg(long)]
        no_server: bool,
        /// The IDL files to generate (included files are generated too).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Compare two versions of a contract and report breaking changes.
    Compat {
        /// Add a directory to the include search path of both versions.
        #[arg(short = 'I', long = "include", value_name = "DIR")]
        include_dirs: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Exit 1 when a change at least this severe is not allowed.
        #[arg(long, value_enum, default_value_t = FailOn::Wire)]
        fail_on: FailOn,
        /// Accept a break on purpose: `RULE` or `RULE@Type.field` (repeatable).
        #[arg(long, value_name = "RULE[@SUBJECT]")]
        allow: Vec<Allow>,
        /// The old version: an IDL file or a directory of IDL files.
        #[arg(value_name = "OLD")]
        old: PathBuf,
        /// The new version: an IDL file or a directory of IDL files.
        #[arg(value_name = "NEW")]
        new: PathBuf,
    },
}

/// How `trift compat` prints its report.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// Diagnostics with source snippets, like `trift check`.
    Text,
    /// One JSON document.
    Json,
}

/// The severity from which `trift compat` fails.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum FailOn {
    /// Only wire-breaking changes fail.
    Wire,
    /// Source-breaking changes fail too.
    Source,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Call {
            include_dirs,
            idl,
            protocol,
            transport,
            multiplexed,
            headers,
            timeout,
            list,
            addr,
            method,
            json,
        } => ExitCode::from(trift_dynamic::cli::run(&trift_dynamic::cli::CallCommand {
            include_dirs,
            idl,
            protocol: Some(protocol),
            transport,
            multiplexed,
            headers,
            timeout: Some(timeout),
            list,
            addr,
            method,
            json,
        })),
        Command::Gateway {
            include_dirs,
            idl,
            listen,
            protocol,
            transport,
            multiplexed,
            timeout,
            max_body,
            read_timeout,
            upstream,
        } => ExitCode::from(trift_dynamic::cli::run_gateway(
            &trift_dynamic::cli::GatewayCommand {
                include_dirs,
                idl,
                listen,
                protocol: Some(protocol),
                transport,
                multiplexed,
                timeout: Some(timeout),
                max_body: Some(max_body),
                read_timeout: Some(read_timeout),
                upstream,
            },
        )),
        Command::Check {
            include_dirs,
            dump_model,
            short,
            files,
        } => check(&files, &include_dirs, dump_model, short),
        Command::Gen {
            include_dirs,
            out,
            check,
            no_client,
            no_server,
            files,
        } => {
            let builder = trift_codegen::configure()
                .out_dir(&out)
                .quiet(true)
                .build_client(!no_client)
                .build_server(!no_server);
            generate(&builder, &files, &include_dirs, &out, check)
        }
        Command::Compat {
            include_dirs,
            format,
            fail_on,
            allow,
            old,
            new,
        } => {
            let fail_on = match fail_on {
                FailOn::Wire => Level::Wire,
                FailOn::Source => Level::Source,
            };
            compat(&old, &new, &include_dirs, format, fail_on, allow)
        }
    }
}

fn compat(
    old: &std::path::Path,
    new: &std::path::Path,
    include_dirs: &[PathBuf],
    format: Format,
    fail_on: Level,
    allow: Vec<Allow>,
) -> ExitCode {
    let mut stderr = std::io::stderr().lock();
    let mut load = |path: &std::path::Path| match Contract::load(path, include_dirs) {
        Ok(contract) => Some(contract),
        Err(compilation) => {
            let text =
                trift_idl::render::render_all(&compilation.diagnostics, &compilation.sources);
            let _ = stderr.write_all(text.as_bytes());
            let _ = writeln!(stderr, "error: `{}` does not check", path.display());
            None
        }
    };
    let (Some(old), Some(new)) = (load(old), load(new)) else {
        return ExitCode::from(2);
    };
    let report = compat::compare(&old, &new, &compat::Options { allow });
    let text = match format {
        Format::Text => compat::render::render_text(&report),
        Format::Json => {
            let json = compat::render::render_json(&report, fail_on);
            format!(
                "{}\n",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            )
        }
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    if report.fails(fail_on) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn check(files: &[PathBuf], include_dirs: &[PathBuf], dump_model: bool, short: bool) -> ExitCode {
    let compilation = trift_idl::load(files, include_dirs);
    if short {
        let mut stderr = std::io::stderr().lock();
        for diagnostic in &compilation.diagnostics {
            // A closed stderr must not turn into a panic.
            let _ = writeln!(stderr, "{}", diagnostic.display(&compilation.sources));
        }
    } else {
        let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        trift_idl::render::emit_to_stderr(&compilation.diagnostics, &compilation.sources, color);
    }
    let mut stderr = std::io::stderr().lock();
    let errors = compilation
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .count();
    if errors > 0 {
        let _ = writeln!(
            stderr,
            "error: {errors} error{} found",
            if errors == 1 { "" } else { "s" }
        );
        return ExitCode::from(1);
    }
    if dump_model && let Some(model) = &compilation.model {
        let mut stdout = std::io::stdout().lock();
        match serde_json::to_writer_pretty(&mut stdout, model) {
            Ok(()) => {
                let _ = writeln!(stdout);
            }
            Err(error) => {
                let _ = writeln!(stderr, "error: cannot write the model: {error}");
                return ExitCode::from(1);
            }
        }
    }
    ExitCode::SUCCESS
}

fn generate(
    builder: &trift_codegen::Builder,
    files: &[PathBuf],
    include_dirs: &[PathBuf],
    out: &Path,
    check: bool,
) -> ExitCode {
    let generated = match builder.generate(files, include_dirs) {
        Ok(generated) => generated,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(1);
        }
    };
    for warning in &generated.warnings {
        eprint!("{warning}");
    }
    let mut stale = Vec::new();
    for file in &generated.files {
        let path = out.join(&file.path);
        let current = file.is_current_at(&path);
        if current {
            continue;
        }
        if check {
            stale.push(path);
            continue;
        }
        let written =
            std::fs::create_dir_all(out).and_then(|()| std::fs::write(&path, &file.contents));
        if let Err(error) = written {
            eprintln!("error: cannot write {}: {error}", path.display());
            return ExitCode::from(1);
        }
    }
    if !stale.is_empty() {
        for path in &stale {
            eprintln!("stale: {}", path.display());
        }
        eprintln!(
            "error: {} generated file(s) out of date; run `trift gen` again",
            stale.len()
        );
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
