//! Renders [`Diagnostic`]s with a source snippet, using codespan-reporting.
//!
//! This is the only module that knows about the renderer; everything else
//! builds plain [`Diagnostic`] values.

use codespan_reporting::diagnostic as cs;
use codespan_reporting::term::{self, Config};

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceMap;
use crate::span::FileId;

fn to_codespan(diagnostic: &Diagnostic) -> cs::Diagnostic<FileId> {
    let severity = match diagnostic.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    let labels = diagnostic
        .labels
        .iter()
        .map(|label| {
            let style = if label.primary {
                cs::LabelStyle::Primary
            } else {
                cs::LabelStyle::Secondary
            };
            cs::Label::new(style, label.span.file, label.span.range())
                .with_message(label.message.clone())
        })
        .collect();
    cs::Diagnostic::new(severity)
        .with_message(diagnostic.message.clone())
        .with_labels(labels)
        .with_notes(diagnostic.notes.clone())
}

/// Renders one diagnostic as plain text (no colours): the message, then
/// `--> file:line:col`, the source lines with the spans underlined, and notes.
pub fn render(diagnostic: &Diagnostic, sources: &SourceMap) -> String {
    let config = Config::default();
    match term::emit_into_string(&config, sources, &to_codespan(diagnostic)) {
        Ok(text) => text,
        // A span that does not fit its file is a bug in the front end; still
        // show the message rather than nothing.
        Err(_) => format!("{}\n", diagnostic.display(sources)),
    }
}

/// Writes every diagnostic to standard error, in colour when `color` is set
/// (callers decide, e.g. when stderr is a terminal and `NO_COLOR` is unset).
pub fn emit_to_stderr(diagnostics: &[Diagnostic], sources: &SourceMap, color: bool) {
    use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
    let choice = if color {
        ColorChoice::Always
    } else {
        ColorChoice::Never
    };
    let stream = StandardStream::stderr(choice);
    let mut stream = stream.lock();
    let config = Config::default();
    for diagnostic in diagnostics {
        // A closed stderr is not worth a panic; the exit status still tells.
        let _ = term::emit_to_write_style(&mut stream, &config, sources, &to_codespan(diagnostic));
    }
}

/// Renders every diagnostic, in order, separated by blank lines.
pub fn render_all(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&render(diagnostic, sources));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    #[test]
    fn renders_location_snippet_and_underline() {
        let mut sources = SourceMap::new();
        let file = sources.add("a.thrift", "struct A {\n  1: Nope x\n}\n".to_owned());
        let d = Diagnostic::error("unknown type `Nope`")
            .at(Span::new(file, 16, 20), "not defined")
            .with_note("hint: define it");
        let text = render(&d, &sources);
        assert!(text.starts_with("error: unknown type `Nope`"), "{text}");
        assert!(text.contains("a.thrift:2:6"), "{text}");
        assert!(text.contains("^^^^ not defined"), "{text}");
        assert!(text.contains("= hint: define it"), "{text}");
    }
}
