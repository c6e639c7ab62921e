//! The `trift` command-line tool.
//!
//! `trift check [-I DIR]... FILE...` loads and checks IDL files, prints every
//! diagnostic (warnings too) to stderr and exits 0 (no errors) or 1 (errors);
//! clap exits 2 on usage errors. `--dump-model` prints the resolved model as
//! JSON to stdout.

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// A Thrift-compatible IDL compiler.
#[derive(Debug, Parser)]
#[command(name = "trift", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            include_dirs,
            dump_model,
            short,
            files,
        } => check(&files, &include_dirs, dump_model, short),
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
