//! Parsing: IDL text to an [`ast::Document`](crate::ast::Document).
//!
//! This module is the only code that sees pest's `Pair<Rule>`. The pipeline
//! for one file is: [`prescan`] (nesting limit, unterminated tokens, doc
//! comments), the pest grammar in `thrift.pest`, then [`lower`] (pairs to
//! AST). pest errors become [`Diagnostic`]s in [`errors`].

mod errors;
mod lower;
mod prescan;
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
        Err(error) => {
            // Re-parse with pest's detailed tracking (slower, so only on error)
            // to learn which punctuation would have been accepted.
            pest::set_error_detail(true);
            let detailed = ThriftParser::parse(Rule::document, text).err();
            pest::set_error_detail(false);
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
            return (
                None,
                vec![errors::to_diagnostic(file, text, &error, attempts.as_ref())],
            );
        }
    };
    let Some(document) = pairs.into_iter().next() else {
        return (None, vec![Diagnostic::error("empty parse result")]);
    };
    let mut lowerer = lower::Lowerer::new(file, text, scan.docs);
    let document = lowerer.document(document);
    (Some(document), lowerer.into_diagnostics())
}
