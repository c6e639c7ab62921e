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
