//! Diagnostics: what went wrong (or looks suspicious), and where.
//!
//! [`Diagnostic`] is plain data and knows no renderer. [`Diagnostic::display`]
//! gives the one-line `file:line:col: error: message` form for build scripts;
//! [`crate::render`] draws the source snippet with codespan-reporting.

use std::fmt;

use crate::source::SourceMap;
use crate::span::Span;

/// How bad a diagnostic is. Only errors make a compilation fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Accepted, but probably not what the author meant (the reference compiler warns too).
    Warning,
    /// The input is rejected.
    Error,
}

/// A span with a short message that explains its part in a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What about it (may be empty).
    pub message: String,
    /// The primary label is the location of the diagnostic itself; others give context.
    pub primary: bool,
}

/// One error or warning of a compilation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A plain sentence, e.g. "expected a field type, found `}`".
    pub message: String,
    /// Source locations; the first primary one is the diagnostic's location.
    pub labels: Vec<Label>,
    /// Extra lines shown below the snippet (hints, include chains).
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A new error without location.
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            labels: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// A new warning without location.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Adds the primary location.
    pub fn at(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
            primary: true,
        });
        self
    }

    /// Adds a secondary location that gives context.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
            primary: false,
        });
        self
    }

    /// Adds a note line.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Whether this diagnostic fails the compilation.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The diagnostic's own location: its first primary label.
    pub fn primary_span(&self) -> Option<Span> {
        self.labels.iter().find(|l| l.primary).map(|l| l.span)
    }

    /// The one-line form `file:line:col: error: message`, for build.rs output.
    pub fn display<'a>(&'a self, sources: &'a SourceMap) -> impl fmt::Display + 'a {
        OneLine {
            diagnostic: self,
            sources,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

struct OneLine<'a> {
    diagnostic: &'a Diagnostic,
    sources: &'a SourceMap,
}

impl fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diagnostic;
        if let Some(span) = d.primary_span() {
            write!(f, "{}: ", self.sources.location(span))?;
        }
        write!(f, "{}: {}", d.severity, d.message)
    }
}

/// Whether any diagnostic in `diagnostics` is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_form_names_file_line_and_column() {
        let mut sources = SourceMap::new();
        let file = sources.add("calc.thrift", "struct A {\n  1: Nope x\n}\n".to_owned());
        let d = Diagnostic::error("unknown type `Nope`").at(Span::new(file, 16, 20), "");
        assert_eq!(
            d.display(&sources).to_string(),
            "calc.thrift:2:6: error: unknown type `Nope`"
        );
        let w = Diagnostic::warning("no location");
        assert_eq!(w.display(&sources).to_string(), "warning: no location");
        assert!(has_errors(&[w.clone(), d]));
        assert!(!has_errors(&[w]));
    }
}
