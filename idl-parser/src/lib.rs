//! trift-idl: the Thrift IDL front end.
//!
//! Turns `.thrift` text into a resolved, language-neutral model: the pest
//! grammar, a spanned AST, the include loader, the resolver/checker and the
//! diagnostics they report. It knows nothing about Rust code generation or the
//! wire protocols.

pub mod ast;
pub mod diagnostic;
pub mod parse;
pub mod render;
pub mod source;
pub mod span;

pub use diagnostic::{Diagnostic, Label, Severity};
pub use source::SourceMap;
pub use span::{FileId, Span};
pub mod model;

mod loader;
mod resolve;

use std::path::{Path, PathBuf};

/// The result of [`load`]: the model (when there were no errors), every
/// diagnostic (warnings too), and the sources needed to render them.
#[derive(Debug)]
pub struct Compilation {
    /// The resolved model; `None` when any diagnostic is an error.
    pub model: Option<model::Model>,
    /// Errors and warnings, in the order they were found.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of every file read, for rendering diagnostics.
    pub sources: SourceMap,
}

impl Compilation {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        diagnostic::has_errors(&self.diagnostics)
    }

    /// `file:line:col` of a span of the model or of a diagnostic.
    pub fn location(&self, span: Span) -> String {
        self.sources.location(span)
    }
}

/// Loads `files` and everything they include (searched next to the including
/// file, then in `include_dirs` in order), then resolves and checks them.
///
/// Never panics on input: every problem is a [`Diagnostic`]. Warnings never
/// block: the model is returned whenever there is no error.
pub fn load<F: AsRef<Path>>(files: &[F], include_dirs: &[PathBuf]) -> Compilation {
    let roots: Vec<PathBuf> = files.iter().map(|f| f.as_ref().to_path_buf()).collect();
    let mut sources = SourceMap::new();
    let mut diagnostics = Vec::new();
    let loaded = loader::load_files(&roots, include_dirs, &mut sources, &mut diagnostics);
    let model = resolve::resolve(&loaded, &sources, &mut diagnostics);
    let model = (!diagnostic::has_errors(&diagnostics)).then_some(model);
    Compilation {
        model,
        diagnostics,
        sources,
    }
}

/// Parses and checks one in-memory file that includes nothing (handy for
/// tests and tools); `name` is used in diagnostics.
pub fn check_source(name: &str, text: &str) -> Compilation {
    let mut sources = SourceMap::new();
    let mut diagnostics = Vec::new();
    let id = sources.add(name, text.to_owned());
    let (document, parse_diagnostics) = parse::parse(id, text);
    diagnostics.extend(parse_diagnostics);
    let loaded = loader::single(id, document);
    let model = resolve::resolve(&loaded, &sources, &mut diagnostics);
    let model = (!diagnostic::has_errors(&diagnostics)).then_some(model);
    Compilation {
        model,
        diagnostics,
        sources,
    }
}
