//! trift-codegen: Rust code generation for Thrift IDL.
//!
//! Turns `.thrift` files into Rust modules whose types implement trift's
//! `Encode`/`Decode`, byte-compatible with Apache Thrift's generated code.
//! Generated code depends only on the `trift` crate.
//!
//! # In a build script
//!
//! ```toml
//! [dependencies]
//! trift = "0.1"
//!
//! [build-dependencies]
//! trift-codegen = "0.1"
//! ```
//!
//! (The crates are not on crates.io yet: until they are, point `path`
//! dependencies at a clone of the repository, as its README shows.)
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     trift_codegen::configure()
//!         .type_attribute("calculator.Work", "#[derive(Hash)]")?
//!         .compile(&["idl/tutorial/calculator.thrift"], &["idl"])?;
//!     Ok(())
//! }
//! ```
//!
//! ```text
//! // src/lib.rs: every IDL file is a module below `idl`, named after the file
//! // (or its `namespace rs`); `calculator` includes `shared`, which comes too.
//! pub mod idl {
//!     include!(concat!(env!("OUT_DIR"), "/mod.rs"));
//! }
//! use idl::calculator::Work;
//! ```
//!
//! The shortcut [`compile`] does the same with default options.
//! [`Builder::generate`] returns the files in memory instead of writing them.
//!
//! # From the command line
//!
//! The `trift` binary needs the `cli` feature, on by default:
//! `cargo install --path codegen`. A build dependency says
//! `default-features = false`, so a build script compiles no argument parser. `trift gen -I idl --out src/gen idl/tutorial/calculator.thrift` writes
//! `src/gen/mod.rs` and one file per IDL file; mount them with
//! `#[path = "gen/mod.rs"] mod generated;`. `--check` fails when the files on disk
//! are stale (for CI).
//!
//! # Pipeline
//!
//! model (`trift-idl`) -> names, type analysis and the plan (every field's
//! Rust type, optionality, boxing, requiredness on decode and default) ->
//! `quote!` tokens per IDL file -> `syn::File` -> prettyplease -> files. No
//! Rust source is assembled from strings.

mod analysis;
mod builder;
#[path = "gen/mod.rs"]
mod emit;
mod ident;
mod lookup;
mod names;
mod output;
mod plan;
mod text;

pub use builder::{Builder, Generated, GeneratedFile, compile, configure};

use std::fmt;
use std::path::PathBuf;

/// Why generation failed.
#[non_exhaustive]
pub enum Error {
    /// The IDL has errors; `rendered` holds every one as
    /// `file:line:col: error: message` followed by the source snippet.
    Idl {
        /// All errors, rendered.
        rendered: String,
        /// How many errors.
        errors: usize,
    },
    /// A builder option is invalid (bad attribute syntax, unknown type, ...).
    Option(String),
    /// Reading or writing a file failed.
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The generator produced invalid Rust: a bug in trift-codegen.
    Internal(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Idl { rendered, errors } => {
                write!(
                    f,
                    "{rendered}{errors} error{} in the IDL",
                    if *errors == 1 { "" } else { "s" }
                )
            }
            Error::Option(message) | Error::Internal(message) => f.write_str(message),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

// Build scripts that return `Result<(), Box<dyn Error>>` print errors with
// `Debug`: show the diagnostics, not a struct dump.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
