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
        Err(error) => return (None, vec![errors::to_diagnostic(file, text, &error)]),
    };
    let Some(document) = pairs.into_iter().next() else {
        return (None, vec![Diagnostic::error("empty parse result")]);
    };
    let mut lowerer = lower::Lowerer::new(file, text, scan.docs);
    let document = lowerer.document(document);
    (Some(document), lowerer.into_diagnostics())
}
