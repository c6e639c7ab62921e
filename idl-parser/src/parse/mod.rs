//! Parsing: IDL text to an [`ast::Document`](crate::ast::Document).
//!
//! This module is the only code that sees pest's `Pair<Rule>`. The pipeline
//! for one file is: [`prescan`] (nesting limit, unterminated tokens, doc
//! comments), the pest grammar in `thrift.pest`, then [`lower`] (pairs to
//! AST). pest errors become [`Diagnostic`]s in [`errors`].

mod errors;
mod lower;
mod prescan;
mod recover;
mod text;

#[cfg(test)]
mod tests;

use pest::Parser as _;

use crate::ast::Document;
use crate::diagnostic::Diagnostic;
use crate::span::FileId;

/// The deepest nesting of brackets the parser accepts.
pub const MAX_NESTING: usize = prescan::MAX_DEPTH;

#[allow(missing_docs, unreachable_pub, clippy::all)]
mod grammar {
    #[derive(pest_derive::Parser)]
    #[grammar = "thrift.pest"]
    pub(crate) struct ThriftParser;
}

use grammar::{Rule, ThriftParser};

/// Held while pest's global error-detail switch is on.
static DETAIL_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Parses one file. Returns the document when the text was syntactically
/// valid (possibly with errors found while lowering, such as a bad escape),
/// plus every diagnostic.
pub fn parse(file: FileId, text: &str) -> (Option<Document>, Vec<Diagnostic>) {
    let scan = match prescan::prescan(file, text) {
        Ok(scan) => scan,
        Err(diagnostic) => return (None, vec![diagnostic]),
    };
    let pairs = match ThriftParser::parse(Rule::document, text) {
        Ok(pairs) => pairs,
        Err(error) => return (None, syntax_errors(file, text, &error)),
    };
    let Some(document) = pairs.into_iter().next() else {
        return (None, vec![Diagnostic::error("empty parse result")]);
    };
    let mut lowerer = lower::Lowerer::new(file, text, scan.docs);
    let document = lowerer.document(document);
    (Some(document), lowerer.into_diagnostics())
}

/// At most this many syntax errors are reported per file.
const MAX_SYNTAX_ERRORS: usize = 10;

/// The first syntax error, then further ones found by blanking out the
/// definition that failed and parsing again (see [`recover`]).
fn syntax_errors(file: FileId, text: &str, first: &pest::error::Error<Rule>) -> Vec<Diagnostic> {
    let mut diagnostics = vec![diagnose(file, text, first)];
    let mut current = text.to_owned();
    let mut last_pos = error_pos(first);
    while diagnostics.len() < MAX_SYNTAX_ERRORS {
        let Some(range) = recover::region(&current, last_pos) else {
            break;
        };
        let blanked_end = range.end;
        current = recover::blank(&current, range);
        let Err(error) = ThriftParser::parse(Rule::document, &current) else {
            break;
        };
        let pos = error_pos(&error);
        // Only errors after the blanked text are new; anything else would be
        // an echo of the first one.
        if pos < blanked_end || pos <= last_pos {
            break;
        }
        diagnostics.push(diagnose(file, &current, &error));
        last_pos = pos;
    }
    diagnostics
}

fn error_pos(error: &pest::error::Error<Rule>) -> usize {
    match error.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((start, _)) => start,
    }
}

/// One syntax error as a diagnostic, with pest's detailed attempts.
fn diagnose(file: FileId, text: &str, error: &pest::error::Error<Rule>) -> Diagnostic {
    // Re-parse with pest's detailed tracking (slower, so only on error) to
    // learn which punctuation would have been accepted. The switch is global
    // in pest: serialise detailed re-parses so concurrent ones cannot turn it
    // off under each other.
    let detailed = {
        let _guard = DETAIL_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        pest::set_error_detail(true);
        let detailed = ThriftParser::parse(Rule::document, text).err();
        pest::set_error_detail(false);
        detailed
    };
    let attempts = detailed
        .and_then(|e| e.parse_attempts())
        .map(|a| errors::Attempts {
            position: a.max_position,
            // pest does not export its token type; its Debug form
            // (`Sensitive { token: "=" }`) is the only way to read it.
            tokens: a
                .expected_tokens()
                .iter()
                .map(|t| format!("{t:?}"))
                .collect(),
            rules: a
                .call_stacks
                .iter()
                .filter_map(|c| c.deepest.get_rule().copied())
                .collect(),
        });
    errors::to_diagnostic(file, text, error, attempts.as_ref())
}
