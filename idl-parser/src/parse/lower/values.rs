//! Lowering of the leaves: types, annotations, constant values, integers and
//! string literals.

use pest::iterators::Pair;

use super::{Lowerer, next};
use crate::ast::*;
use crate::diagnostic::Diagnostic;
use crate::parse::grammar::Rule;
use crate::parse::text;
use crate::span::Span;

impl Lowerer<'_> {
    /// Lowers a `field_type` pair. Recursion is bounded by the pre-scan's nesting limit.
    pub(super) fn field_type(&mut self, pair: Pair<'_, Rule>) -> Type {
        let span = self.span(&pair);
        let inner = next(&mut pair.into_inner(), "grammar: field type alternative");
        let mut annotations = Vec::new();
        let kind = match inner.as_rule() {
            Rule::base_type => {
                let mut parts = inner.into_inner();
                let name = next(&mut parts, "grammar: base type name");
                if let Some(a) = parts.next() {
                    annotations = self.annotations(a);
                }
                let text = name.as_str();
                let base = match text {
                    "bool" => BaseType::Bool,
                    "byte" | "i8" => BaseType::I8,
                    "i16" => BaseType::I16,
                    "i32" => BaseType::I32,
                    "i64" => BaseType::I64,
                    "double" => BaseType::Double,
                    "string" => BaseType::String,
                    "binary" => BaseType::Binary,
                    _ => BaseType::Uuid,
                };
                TypeKind::Base {
                    base,
                    byte_alias: text == "byte",
                }
            }
            Rule::type_ref => {
                TypeKind::Named(self.ident(next(&mut inner.into_inner(), "grammar: type name")))
            }
            rule => {
                let mut cpp_type = None;
                let mut elems = Vec::new();
                for part in inner.into_inner() {
                    match part.as_rule() {
                        Rule::cpp_type => {
                            let mut parts = part.into_inner();
                            next(&mut parts, "grammar: cpp_type keyword");
                            cpp_type = Some(self.literal(next(&mut parts, "grammar: cpp_type")));
                        }
                        Rule::field_type => elems.push(self.field_type(part)),
                        Rule::annotations => annotations = self.annotations(part),
                        _ => {}
                    }
                }
                let mut elems = elems.into_iter().map(Box::new);
                #[allow(clippy::expect_used)]
                let first = elems.next().expect("grammar: container element type");
                match rule {
                    Rule::map_type => TypeKind::Map {
                        key: first,
                        #[allow(clippy::expect_used)]
                        value: elems.next().expect("grammar: map value type"),
                        cpp_type,
                    },
                    Rule::set_type => TypeKind::Set {
                        elem: first,
                        cpp_type,
                    },
                    _ => TypeKind::List {
                        elem: first,
                        cpp_type,
                    },
                }
            }
        };
        Type {
            kind,
            annotations,
            span,
        }
    }

    pub(super) fn annotations(&mut self, pair: Pair<'_, Rule>) -> Vec<Annotation> {
        pair.into_inner()
            .map(|annotation| {
                let span = self.span(&annotation);
                let mut parts = annotation.into_inner();
                let key = self.ident(next(&mut parts, "grammar: annotation key"));
                let value = parts.next().map(|v| self.literal(v));
                Annotation { key, value, span }
            })
            .collect()
    }

    /// Lowers a constant value. Recursion is bounded by the pre-scan's nesting limit.
    pub(super) fn const_value(&mut self, pair: Pair<'_, Rule>) -> ConstValue {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::int_const => ConstKind::Int(self.int(&pair)),
            Rule::double_const => ConstKind::Double(pair.as_str().parse().unwrap_or(0.0)),
            Rule::literal => ConstKind::String(self.literal(pair)),
            Rule::const_ident => ConstKind::Ident(pair.as_str().to_owned()),
            Rule::const_list => {
                ConstKind::List(pair.into_inner().map(|v| self.const_value(v)).collect())
            }
            _ => {
                let mut entries = Vec::new();
                let mut inner = pair.into_inner();
                while let (Some(k), Some(v)) = (inner.next(), inner.next()) {
                    let key = self.const_value(k);
                    let value = self.const_value(v);
                    entries.push((key, value));
                }
                ConstKind::Map(entries)
            }
        };
        ConstValue { kind, span }
    }

    pub(super) fn int(&mut self, pair: &Pair<'_, Rule>) -> i64 {
        match text::parse_int(pair.as_str()) {
            Some(value) => value,
            None => {
                let span = self.span(pair);
                self.diagnostics.push(
                    Diagnostic::error(format!("integer `{}` is too big", pair.as_str()))
                        .at(span, "does not fit in 64 bits")
                        .with_note(
                            "integer literals must lie in -9223372036854775808..=9223372036854775807",
                        ),
                );
                0
            }
        }
    }

    pub(super) fn literal(&mut self, pair: Pair<'_, Rule>) -> String {
        match text::unescape(pair.as_str()) {
            Ok(text) => text,
            Err(bad) => {
                // `bad.offset` indexes the body; the opening quote makes it the backslash.
                let start = pair.as_span().start() + bad.offset;
                let end = start + 1 + bad.ch.len_utf8();
                self.diagnostics.push(
                    Diagnostic::error(format!("bad escape `\\{}` in string literal", bad.ch))
                        .at(Span::new(self.file, start, end), "unknown escape")
                        .with_note(r#"the escapes are \n \r \t \" \' and \\"#),
                );
                pair.as_str().to_owned()
            }
        }
    }
}
