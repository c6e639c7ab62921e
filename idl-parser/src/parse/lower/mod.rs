//! Lowering: pest pairs to the AST, one method per grammar rule.
//!
//! The grammar guarantees the shape of every pair, so missing children are
//! bugs, reported through `expect("grammar: ...")`. Problems the grammar lets
//! through on purpose (removed keywords, bad escapes, integers that do not fit
//! in 64 bits) become diagnostics here, and lowering carries on.

use pest::iterators::{Pair, Pairs};

use super::grammar::Rule;
use super::prescan::DocComment;
use super::text;
use crate::ast::*;
use crate::diagnostic::Diagnostic;
use crate::span::{FileId, Span};

mod values;

/// Lowers one file's pairs; collects the diagnostics it finds on the way.
pub(super) struct Lowerer<'t> {
    file: FileId,
    text: &'t str,
    docs: Vec<DocComment>,
    diagnostics: Vec<Diagnostic>,
}

fn next<'i>(pairs: &mut Pairs<'i, Rule>, what: &str) -> Pair<'i, Rule> {
    #[allow(clippy::expect_used)]
    pairs.next().expect(what)
}

impl<'t> Lowerer<'t> {
    pub(super) fn new(file: FileId, text: &'t str, docs: Vec<DocComment>) -> Self {
        Lowerer {
            file,
            text,
            docs,
            diagnostics: Vec::new(),
        }
    }

    pub(super) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    /// The span of `pair`, without the whitespace and comments pest skipped
    /// before giving up on a trailing optional element.
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(
            self.file,
            s.start(),
            text::trim_trivia(self.text, s.start(), s.end()),
        )
    }

    fn ident(&self, pair: Pair<'_, Rule>) -> Ident {
        Ident {
            span: self.span(&pair),
            name: pair.as_str().to_owned(),
        }
    }

    /// The doc comment standing right before the token at `start`, if any.
    fn doc_before(&self, start: u32) -> Option<Doc> {
        let start = start as usize;
        let first = self.docs.partition_point(|d| d.next_token < start);
        let doc = self.docs[first..]
            .iter()
            .take_while(|d| d.next_token == start)
            .last()?;
        Some(Doc {
            text: text::clean_doc(&self.text[doc.start..doc.end]),
            span: Span::new(self.file, doc.start, doc.end),
        })
    }

    pub(super) fn document(&mut self, pair: Pair<'_, Rule>) -> Document {
        let mut document = Document {
            file: self.file,
            doc: None,
            headers: Vec::new(),
            definitions: Vec::new(),
        };
        for item in pair.into_inner() {
            match item.as_rule() {
                Rule::include => {
                    let span = self.span(&item);
                    let mut inner = item.into_inner();
                    next(&mut inner, "grammar: include keyword");
                    let literal = next(&mut inner, "grammar: include path");
                    let path_span = self.span(&literal);
                    let path = self.literal(literal);
                    document.headers.push(Header::Include(Include {
                        path,
                        path_span,
                        span,
                    }));
                }
                Rule::cpp_include => {
                    let span = self.span(&item);
                    let mut inner = item.into_inner();
                    next(&mut inner, "grammar: cpp_include keyword");
                    let path = self.literal(next(&mut inner, "grammar: cpp_include path"));
                    document
                        .headers
                        .push(Header::CppInclude(CppInclude { path, span }));
                }
                Rule::namespace => {
                    let namespace = self.namespace(item);
                    document.headers.push(Header::Namespace(namespace));
                }
                Rule::legacy_namespace => self.legacy_namespace(item),
                Rule::definition => {
                    let definition = next(&mut item.into_inner(), "grammar: definition");
                    if let Some(definition) = self.definition(definition) {
                        document.definitions.push(definition);
                    }
                }
                _ => {}
            }
        }
        if let (Some(first_doc), Some(first_header)) = (self.docs.first(), document.headers.first())
        {
            let header_start = match first_header {
                Header::Include(h) => h.span.start,
                Header::CppInclude(h) => h.span.start,
                Header::Namespace(h) => h.span.start,
            };
            if first_doc.next_token == header_start as usize {
                document.doc = Some(Doc {
                    text: text::clean_doc(&self.text[first_doc.start..first_doc.end]),
                    span: Span::new(self.file, first_doc.start, first_doc.end),
                });
            }
        }
        document
    }

    fn namespace(&mut self, pair: Pair<'_, Rule>) -> Namespace {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        next(&mut inner, "grammar: namespace keyword");
        let scope_or_star = next(&mut inner, "grammar: namespace scope");
        if scope_or_star.as_rule() == Rule::namespace_star {
            let star_span = Span::new(self.file, span.start as usize, span.start as usize);
            let mut star_inner = scope_or_star.into_inner();
            let name = self.ident(next(&mut star_inner, "grammar: namespace * name"));
            let scope_start = self.text[..name.span.start as usize]
                .rfind('*')
                .unwrap_or(star_span.start as usize);
            return Namespace {
                scope: Ident {
                    name: "*".to_owned(),
                    span: Span::new(self.file, scope_start, scope_start + 1),
                },
                name,
                annotations: Vec::new(),
                span,
            };
        }
        let scope = self.ident(next(
            &mut scope_or_star.into_inner(),
            "grammar: namespace scope identifier",
        ));
        let name = self.ident(next(&mut inner, "grammar: namespace name"));
        let annotations = inner
            .next()
            .map(|a| self.annotations(a))
            .unwrap_or_default();
        Namespace {
            scope,
            name,
            annotations,
            span,
        }
    }

    fn legacy_namespace(&mut self, pair: Pair<'_, Rule>) {
        let mut inner = pair.into_inner();
        let keyword = next(&mut inner, "grammar: legacy namespace keyword");
        let span = self.span(&keyword);
        let word = keyword.as_str();
        let instead = match word {
            "cpp_namespace" => "namespace cpp",
            "java_package" => "namespace java",
            "php_namespace" => "namespace php",
            "py_module" => "namespace py",
            "perl_package" => "namespace perl",
            "ruby_namespace" => "namespace rb",
            "smalltalk_category" => "namespace smalltalk.category",
            "smalltalk_prefix" => "namespace smalltalk.prefix",
            "xsd_namespace" => "namespace xsd",
            _ => "namespace delphi",
        };
        self.diagnostics.push(
            Diagnostic::error(format!("`{word}` was removed from Thrift"))
                .at(span, "no longer supported")
                .with_note(format!("write `{instead} <name>` instead")),
        );
    }

    fn definition(&mut self, pair: Pair<'_, Rule>) -> Option<Definition> {
        let span = self.span(&pair);
        let doc = self.doc_before(span.start);
        Some(match pair.as_rule() {
            Rule::const_def => {
                let mut inner = pair.into_inner();
                next(&mut inner, "grammar: const keyword");
                let ty = self.field_type(next(&mut inner, "grammar: const type"));
                let name = self.ident(next(&mut inner, "grammar: const name"));
                let value = self.const_value(next(&mut inner, "grammar: const value"));
                Definition::Const(ConstDef {
                    doc,
                    ty,
                    name,
                    value,
                    span,
                })
            }
            Rule::typedef_def => {
                let mut inner = pair.into_inner();
                next(&mut inner, "grammar: typedef keyword");
                let ty = self.field_type(next(&mut inner, "grammar: typedef type"));
                let name = self.ident(next(&mut inner, "grammar: typedef name"));
                let annotations = inner
                    .next()
                    .map(|a| self.annotations(a))
                    .unwrap_or_default();
                Definition::Typedef(TypedefDef {
                    doc,
                    ty,
                    name,
                    annotations,
                    span,
                })
            }
            Rule::enum_def => Definition::Enum(self.enum_def(pair, doc, span)),
            Rule::senum_def => {
                let keyword = next(&mut pair.into_inner(), "grammar: senum keyword");
                let keyword_span = self.span(&keyword);
                self.diagnostics.push(
                    Diagnostic::error("`senum` was removed from Thrift")
                        .at(keyword_span, "no longer supported")
                        .with_note("write an `enum`, or `string` constants, instead"),
                );
                return None;
            }
            Rule::struct_def | Rule::union_def | Rule::exception_def => {
                let kind = match pair.as_rule() {
                    Rule::struct_def => StructKind::Struct,
                    Rule::union_def => StructKind::Union,
                    _ => StructKind::Exception,
                };
                let mut inner = pair.into_inner();
                next(&mut inner, "grammar: struct keyword");
                let name = self.ident(next(&mut inner, "grammar: struct name"));
                let mut def = StructDef {
                    doc,
                    kind,
                    name,
                    xsd_all: false,
                    fields: Vec::new(),
                    annotations: Vec::new(),
                    span,
                };
                for item in inner {
                    match item.as_rule() {
                        Rule::xsd_all => def.xsd_all = true,
                        Rule::field => def.fields.push(self.field(item)),
                        _ => def.annotations = self.annotations(item),
                    }
                }
                Definition::Struct(def)
            }
            _ => Definition::Service(self.service_def(pair, doc, span)),
        })
    }

    fn enum_def(&mut self, pair: Pair<'_, Rule>, doc: Option<Doc>, span: Span) -> EnumDef {
        let mut inner = pair.into_inner();
        next(&mut inner, "grammar: enum keyword");
        let name = self.ident(next(&mut inner, "grammar: enum name"));
        let mut def = EnumDef {
            doc,
            name,
            values: Vec::new(),
            annotations: Vec::new(),
            span,
        };
        for item in inner {
            if item.as_rule() != Rule::enum_value {
                def.annotations = self.annotations(item);
                continue;
            }
            let span = self.span(&item);
            let doc = self.doc_before(span.start);
            let mut parts = item.into_inner();
            let name = self.ident(next(&mut parts, "grammar: enum value name"));
            let mut value = None;
            let mut annotations = Vec::new();
            for part in parts {
                match part.as_rule() {
                    Rule::int_const => {
                        let value_span = self.span(&part);
                        value = Some((self.int(&part), value_span));
                    }
                    _ => annotations = self.annotations(part),
                }
            }
            def.values.push(EnumValue {
                doc,
                name,
                value,
                annotations,
                span,
            });
        }
        def
    }

    fn service_def(&mut self, pair: Pair<'_, Rule>, doc: Option<Doc>, span: Span) -> ServiceDef {
        let mut inner = pair.into_inner();
        next(&mut inner, "grammar: service keyword");
        let name = self.ident(next(&mut inner, "grammar: service name"));
        let mut def = ServiceDef {
            doc,
            name,
            extends: None,
            functions: Vec::new(),
            annotations: Vec::new(),
            span,
        };
        for item in inner {
            match item.as_rule() {
                Rule::extends => {
                    let mut parts = item.into_inner();
                    next(&mut parts, "grammar: extends keyword");
                    def.extends = Some(self.ident(next(&mut parts, "grammar: extends name")));
                }
                Rule::function => def.functions.push(self.function(item)),
                _ => def.annotations = self.annotations(item),
            }
        }
        def
    }

    fn function(&mut self, pair: Pair<'_, Rule>) -> Function {
        let span = self.span(&pair);
        let doc = self.doc_before(span.start);
        let mut inner = pair.into_inner().peekable();
        let mut oneway = None;
        if let Some(first) = inner.peek()
            && first.as_rule() == Rule::oneway
        {
            let first = next_peekable(&mut inner);
            let keyword = if first.as_str() == "async" {
                OnewayKeyword::Async
            } else {
                OnewayKeyword::Oneway
            };
            oneway = Some((keyword, self.span(&first)));
        }
        let return_pair = next_peekable(&mut inner);
        let return_span = self.span(&return_pair);
        let return_type = match return_pair.as_rule() {
            Rule::void_type => None,
            _ => Some(self.field_type(return_pair)),
        };
        let name = self.ident(next_peekable(&mut inner));
        let mut function = Function {
            doc,
            oneway,
            return_type,
            return_span,
            name,
            args: Vec::new(),
            throws: None,
            annotations: Vec::new(),
            span,
        };
        for item in inner {
            match item.as_rule() {
                Rule::field => function.args.push(self.field(item)),
                Rule::throws => {
                    let throws_span = self.span(&item);
                    let fields = item
                        .into_inner()
                        .filter(|p| p.as_rule() == Rule::field)
                        .map(|p| self.field(p))
                        .collect();
                    function.throws = Some((fields, throws_span));
                }
                _ => function.annotations = self.annotations(item),
            }
        }
        function
    }

    fn field(&mut self, pair: Pair<'_, Rule>) -> Field {
        let span = self.span(&pair);
        let doc = self.doc_before(span.start);
        let mut id = None;
        let mut requiredness = Requiredness::Default;
        let mut requiredness_span = None;
        let mut ty = None;
        let mut reference = false;
        let mut name = None;
        let mut default = None;
        let mut field = Field {
            doc,
            id: None,
            requiredness: Requiredness::Default,
            requiredness_span: None,
            ty: Type {
                kind: TypeKind::Base {
                    base: BaseType::I32,
                    byte_alias: false,
                },
                annotations: Vec::new(),
                span,
            },
            reference: false,
            name: Ident {
                name: String::new(),
                span,
            },
            default: None,
            xsd_optional: false,
            xsd_nillable: false,
            xsd_attrs: Vec::new(),
            annotations: Vec::new(),
            span,
        };
        for item in pair.into_inner() {
            match item.as_rule() {
                Rule::field_id => {
                    let int = next(&mut item.into_inner(), "grammar: field id integer");
                    id = Some((self.int(&int), self.span(&int)));
                }
                Rule::requiredness => {
                    requiredness_span = Some(self.span(&item));
                    requiredness = if item.as_str() == "required" {
                        Requiredness::Required
                    } else {
                        Requiredness::Optional
                    };
                }
                Rule::field_type => ty = Some(self.field_type(item)),
                Rule::reference => reference = true,
                Rule::field_name => name = Some(self.ident(item)),
                Rule::xsd_optional => field.xsd_optional = true,
                Rule::xsd_nillable => field.xsd_nillable = true,
                Rule::xsd_attrs => {
                    field.xsd_attrs = item
                        .into_inner()
                        .filter(|p| p.as_rule() == Rule::field)
                        .map(|p| self.field(p))
                        .collect();
                }
                Rule::annotations => field.annotations = self.annotations(item),
                _ => default = Some(self.const_value(item)),
            }
        }
        field.id = id;
        field.requiredness = requiredness;
        field.requiredness_span = requiredness_span;
        if let Some(ty) = ty {
            field.ty = ty;
        }
        field.reference = reference;
        if let Some(name) = name {
            field.name = name;
        }
        field.default = default;
        field
    }
}

fn next_peekable<'i>(pairs: &mut std::iter::Peekable<Pairs<'i, Rule>>) -> Pair<'i, Rule> {
    #[allow(clippy::expect_used)]
    pairs.next().expect("grammar: function part")
}
