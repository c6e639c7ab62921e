//! Per-file symbol tables: which names a file defines, and which include
//! prefixes it can use.

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

/// The names one file defines.
#[derive(Debug, Default)]
pub(crate) struct Table {
    /// Types and services, with the span of the defining name.
    pub(crate) types: HashMap<String, (SymbolKind, Span)>,
    /// Constants.
    pub(crate) consts: HashMap<String, Span>,
    /// Include prefix to file.
    pub(crate) includes: HashMap<String, FileId>,
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
            if let Some(&other) = table.includes.get(&include.name)
                && other != include.file
            {
                resolver.error(
                    Diagnostic::warning(format!(
                        "two included files are both named `{}`",
                        include.name
                    ))
                    .at(include.span, "this include is shadowed")
                    .with_note(format!("`{}.X` refers to the first one", include.name)),
                );
                continue;
            }
            table.includes.insert(include.name.clone(), include.file);
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
            if let ast::Definition::Const(_) = definition {
                if let Some(&first) = table.consts.get(&name.name) {
                    resolver.error(duplicate("constant", name, first));
                } else {
                    table.consts.insert(name.name.clone(), name.span);
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
            if let Some(&(_, first)) = table.types.get(&name.name) {
                resolver.error(duplicate("type", name, first));
            } else {
                table.types.insert(name.name.clone(), (kind, name.span));
            }
        }
        table
    }

    /// Whether `definition` is the one this table recorded for its name (the
    /// first of duplicates wins; later ones are reported and skipped).
    pub(crate) fn owns(&self, definition: &ast::Definition) -> bool {
        let name = definition.name();
        let recorded = match definition {
            ast::Definition::Const(_) => self.consts.get(&name.name).copied(),
            _ => self.types.get(&name.name).map(|&(_, span)| span),
        };
        recorded == Some(name.span)
    }
}

fn duplicate(what: &str, name: &ast::Ident, first: Span) -> Diagnostic {
    Diagnostic::error(format!("{what} `{}` is already defined", name.name))
        .at(name.span, "defined again here")
        .with_label(first, "first defined here")
}
