//! Per-file symbol tables: which names a file defines (and where each
//! definition ends, since the reference compiler sees a definition only after
//! it), and which include prefixes it can use.

use std::collections::{HashMap, HashSet};

use super::Resolver;
use crate::ast;
use crate::diagnostic::Diagnostic;
use crate::model::NamedKind;
use crate::span::{FileId, Span};

/// What a name in the type namespace is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SymbolKind {
    /// A type definition.
    Type(NamedKind),
    /// A service (services share the namespace of types).
    Service,
}

/// Where a name is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Defined {
    /// The defining name.
    pub(crate) name: Span,
    /// Offset just past the whole definition.
    pub(crate) end: u32,
}

impl Defined {
    /// Whether the definition is complete before byte `offset` of its file:
    /// what the reference compiler, which resolves some names while it reads
    /// the file, can see at that point.
    pub(crate) fn ends_before(self, offset: u32) -> bool {
        self.end <= offset
    }
}

/// The names one file defines.
#[derive(Debug, Default)]
pub(crate) struct Table {
    /// Types and services.
    pub(crate) types: HashMap<String, (SymbolKind, Defined)>,
    /// Constants.
    pub(crate) consts: HashMap<String, Defined>,
    /// Include prefix to the files included under it, in include order.
    /// Two includes with the same base name (`a/shared.thrift`,
    /// `b/shared.thrift`) share one prefix, as in the reference compiler, and
    /// a file included twice appears twice.
    pub(crate) includes: HashMap<String, Vec<FileId>>,
    /// Prefixes of includes that could not be loaded (already reported), so
    /// references through them are not reported again.
    pub(crate) failed_includes: HashSet<String>,
}

impl Table {
    /// Builds the table of `document`, reporting duplicate names.
    pub(crate) fn build(
        resolver: &mut Resolver<'_>,
        id: FileId,
        document: &ast::Document,
    ) -> Table {
        let mut table = Table::default();
        let includes = resolver.file_mut(id).includes.clone();
        for include in includes {
            if resolver.loaded.documents[include.file.0 as usize].is_none() {
                continue;
            }
            table
                .includes
                .entry(include.name.clone())
                .or_default()
                .push(include.file);
        }
        let loaded = &resolver.loaded.includes[id.0 as usize];
        let written = document.headers.iter().filter_map(|h| match h {
            ast::Header::Include(include) => Some(include),
            _ => None,
        });
        for (include, target) in written.zip(loaded.iter()) {
            // An include that could not be read or parsed was reported already.
            let unusable = target.is_none_or(|t| resolver.loaded.documents[t.0 as usize].is_none());
            if unusable {
                let file_name = include.path.rsplit('/').next().unwrap_or(&include.path);
                table.failed_includes.insert(super::program_name(file_name));
            }
        }
        for definition in &document.definitions {
            let name = definition.name();
            let what = match definition {
                ast::Definition::Const(_) => "constant",
                ast::Definition::Typedef(_) => "typedef",
                ast::Definition::Enum(_) => "enum",
                ast::Definition::Struct(_) => "type",
                ast::Definition::Service(_) => "service",
            };
            resolver.check_simple_name(name, what);
            let defined = Defined {
                name: name.span,
                end: definition.span().end,
            };
            if let ast::Definition::Const(_) = definition {
                if let Some(first) = table.consts.get(&name.name) {
                    resolver.error(duplicate("constant", name, first.name));
                } else {
                    table.consts.insert(name.name.clone(), defined);
                }
                continue;
            }
            let kind = match definition {
                ast::Definition::Typedef(_) => SymbolKind::Type(NamedKind::Typedef),
                ast::Definition::Enum(_) => SymbolKind::Type(NamedKind::Enum),
                ast::Definition::Struct(s) => SymbolKind::Type(match s.kind {
                    ast::StructKind::Struct => NamedKind::Struct,
                    ast::StructKind::Union => NamedKind::Union,
                    ast::StructKind::Exception => NamedKind::Exception,
                }),
                _ => SymbolKind::Service,
            };
            if let Some((_, first)) = table.types.get(&name.name) {
                resolver.error(duplicate("type", name, first.name));
            } else {
                table.types.insert(name.name.clone(), (kind, defined));
            }
        }
        table
    }

    /// Whether `definition` is the one this table recorded for its name (the
    /// first of duplicates wins; later ones are reported and skipped).
    pub(crate) fn owns(&self, definition: &ast::Definition) -> bool {
        let name = definition.name();
        let recorded = match definition {
            ast::Definition::Const(_) => self.consts.get(&name.name).map(|d| d.name),
            _ => self.types.get(&name.name).map(|(_, d)| d.name),
        };
        recorded == Some(name.span)
    }

    /// The files included under `prefix`, in include order (empty if none).
    pub(crate) fn included_as(&self, prefix: &str) -> &[FileId] {
        self.includes.get(prefix).map_or(&[], Vec::as_slice)
    }
}

fn duplicate(what: &str, name: &ast::Ident, first: Span) -> Diagnostic {
    Diagnostic::error(format!("{what} `{}` is already defined", name.name))
        .at(name.span, "defined again here")
        .with_label(first, "first defined here")
}
