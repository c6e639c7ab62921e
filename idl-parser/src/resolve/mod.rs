//! The resolver/checker: AST documents to the [`Model`](crate::model::Model).
//!
//! Files are resolved in include order, so everything a file can refer to in
//! another file is complete before it is needed. Within a file the phases are:
//! symbol table (duplicates, also against included files and between
//! same-named includes), typedefs, enums and structs (type references),
//! typedef cycles, constants (in order), field defaults, then services (whose
//! base must be defined earlier). Where the reference compiler resolves names
//! while it reads the file (constants, defaults, `throws`), only definitions
//! above the use count ([`order`]). Every problem becomes a diagnostic and
//! resolution carries on, so one run reports them all. Nothing here recurses
//! deeper than the parser's nesting limit.

mod consts;
mod fields;
mod includes;
mod index;
mod order;
mod services;
mod table;
mod types;

#[cfg(test)]
mod tests;

use std::collections::HashSet;

use crate::ast;
use crate::diagnostic::Diagnostic;
use crate::loader::LoadedFiles;
use crate::model::{self, Model};
use crate::source::SourceMap;
use crate::span::{FileId, Span};

use index::FileIndex;
use table::Table;

/// Scopes the reference compiler has generators for (plus `*`); other scopes only warn.
const KNOWN_SCOPES: &[&str] = &[
    "*",
    "as3",
    "c_glib",
    "cl",
    "cpp",
    "csharp",
    "d",
    "dart",
    "delphi",
    "erl",
    "go",
    "gv",
    "haxe",
    "html",
    "java",
    "javame",
    "js",
    "json",
    "kotlin",
    "lua",
    "markdown",
    "netcore",
    "netstd",
    "nodejs",
    "nodets",
    "ocaml",
    "perl",
    "php",
    "py",
    "rb",
    "rs",
    "smalltalk",
    "st",
    "swift",
    "ts",
    "xml",
    "xsd",
];

/// Sub-scopes some generators accept (`namespace py.twisted x`).
const KNOWN_SUB_SCOPES: &[&str] = &[
    "py.twisted",
    "st.category",
    "st.prefix",
    "smalltalk.category",
    "smalltalk.prefix",
];

/// The reference compiler's warnings for a namespace scope.
fn check_scope(scope: &ast::Ident) -> Option<Diagnostic> {
    let name = scope.name.as_str();
    let base = name.split('.').next().unwrap_or(name);
    if !KNOWN_SCOPES.contains(&base) {
        return Some(
            Diagnostic::warning(format!("no generator is named `{base}`"))
                .at(scope.span, "unknown namespace scope")
                .with_note("the namespace is kept but no known generator uses it"),
        );
    }
    if base != name && !KNOWN_SUB_SCOPES.contains(&name) {
        let sub = &name[base.len() + 1..];
        return Some(
            Diagnostic::warning(format!(
                "the `{base}` generator has no sub-namespace `{sub}`"
            ))
            .at(scope.span, "unknown sub-namespace"),
        );
    }
    if base == "smalltalk" {
        return Some(
            Diagnostic::warning("namespace scope `smalltalk` is deprecated")
                .at(scope.span, "write `st` instead"),
        );
    }
    None
}

/// Shared state of one resolution: finished files, symbol tables, diagnostics.
pub(crate) struct Resolver<'a> {
    pub(crate) loaded: &'a LoadedFiles,
    pub(crate) sources: &'a SourceMap,
    pub(crate) files: Vec<Option<model::File>>,
    pub(crate) tables: Vec<Table>,
    pub(crate) index: Vec<FileIndex>,
    pub(crate) function_definers: index::FunctionDefiners,
    /// (use site, use) pairs already reported as used before defined, so a
    /// list of many items reports its element type once.
    pub(crate) reported_order: HashSet<(Span, Span)>,
    pub(crate) diagnostics: &'a mut Vec<Diagnostic>,
}

/// Resolves every loaded file. Returns the model (also when there were errors:
/// the caller decides; definitions with errors are left out of it).
pub(crate) fn resolve(
    loaded: &LoadedFiles,
    sources: &SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Model {
    let n = loaded.documents.len();
    let mut resolver = Resolver {
        loaded,
        sources,
        files: (0..n).map(|_| None).collect(),
        tables: (0..n).map(|_| Table::default()).collect(),
        index: (0..n).map(|_| FileIndex::default()).collect(),
        function_definers: index::FunctionDefiners::new(),
        reported_order: HashSet::new(),
        diagnostics,
    };
    for &file in &loaded.order {
        if let Some(document) = &loaded.documents[file.0 as usize] {
            resolver.file(file, document);
        }
    }
    let files = resolver
        .files
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            f.unwrap_or_else(|| {
                let id = FileId(u32::try_from(i).unwrap_or(u32::MAX));
                empty_file(id, sources)
            })
        })
        .collect();
    Model {
        files,
        roots: loaded.roots.clone(),
    }
}

fn empty_file(id: FileId, sources: &SourceMap) -> model::File {
    let path = sources.get(id).map(|f| f.path.clone()).unwrap_or_default();
    let name = path
        .file_name()
        .map(|n| program_name(&n.to_string_lossy()))
        .unwrap_or_default();
    model::File {
        id,
        path: path.display().to_string(),
        name,
        doc: None,
        includes: Vec::new(),
        cpp_includes: Vec::new(),
        namespaces: Vec::new(),
        consts: Vec::new(),
        typedefs: Vec::new(),
        enums: Vec::new(),
        structs: Vec::new(),
        services: Vec::new(),
    }
}

/// The name other files use for a file: its file name up to the last dot.
fn program_name(file_name: &str) -> String {
    match file_name.rfind('.') {
        Some(dot) => file_name[..dot].to_owned(),
        None => file_name.to_owned(),
    }
}

/// Annotations in model form (a bare key gets the reference's value `"1"`).
pub(crate) fn annotations(list: &[ast::Annotation]) -> Vec<model::Annotation> {
    list.iter()
        .map(|a| model::Annotation {
            key: a.key.name.clone(),
            value: a.value.clone().unwrap_or_else(|| "1".to_owned()),
            span: a.span,
        })
        .collect()
}

pub(crate) fn doc(doc: &Option<ast::Doc>) -> Option<String> {
    doc.as_ref().map(|d| d.text.clone())
}

impl Resolver<'_> {
    pub(crate) fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub(crate) fn file_mut(&mut self, id: FileId) -> &mut model::File {
        let sources = self.sources;
        self.files[id.0 as usize].get_or_insert_with(|| empty_file(id, sources))
    }

    fn file(&mut self, id: FileId, document: &ast::Document) {
        self.headers(id, document);
        self.tables[id.0 as usize] = Table::build(self, id, document);
        self.check_include_scopes(id);
        self.check_names_shared_with_includes(id, document);
        self.check_enums_named_like_includes(id, document);
        for definition in &document.definitions {
            if !self.tables[id.0 as usize].owns(definition) {
                continue;
            }
            match definition {
                ast::Definition::Typedef(def) => self.typedef(id, def),
                ast::Definition::Enum(def) => self.enum_def(id, def),
                ast::Definition::Struct(def) => self.struct_def(id, def),
                _ => {}
            }
        }
        self.check_typedef_cycles(id);
        for definition in &document.definitions {
            if let ast::Definition::Const(def) = definition
                && self.tables[id.0 as usize].owns(definition)
            {
                self.const_def(id, def);
            }
        }
        self.field_defaults(id, document);
        for definition in &document.definitions {
            if let ast::Definition::Service(def) = definition
                && self.tables[id.0 as usize].owns(definition)
            {
                self.service_def(id, def);
            }
        }
    }

    fn headers(&mut self, id: FileId, document: &ast::Document) {
        let loaded_includes = self.loaded.includes[id.0 as usize].clone();
        let sources = self.sources;
        let file = self.file_mut(id);
        file.doc = doc(&document.doc);
        let mut include_index = 0;
        let mut warnings = Vec::new();
        for header in &document.headers {
            match header {
                ast::Header::Include(include) => {
                    let target = loaded_includes.get(include_index).copied().flatten();
                    include_index += 1;
                    let Some(target) = target else { continue };
                    let name = sources
                        .get(target)
                        .and_then(|f| f.path.file_name())
                        .map(|n| program_name(&n.to_string_lossy()))
                        .unwrap_or_default();
                    file.includes.push(model::IncludeRef {
                        file: target,
                        name,
                        path: include.path.clone(),
                        span: include.span,
                    });
                }
                ast::Header::CppInclude(include) => file.cpp_includes.push(include.path.clone()),
                ast::Header::Namespace(namespace) => {
                    if let Some(warning) = check_scope(&namespace.scope) {
                        warnings.push(warning);
                    }
                    file.namespaces.push(model::Namespace {
                        scope: namespace.scope.name.clone(),
                        name: namespace.name.name.clone(),
                        annotations: annotations(&namespace.annotations),
                        span: namespace.span,
                    });
                }
            }
        }
        self.diagnostics.extend(warnings);
    }

    /// Reports `name` when it contains a dot (allowed only in references).
    pub(crate) fn check_simple_name(&mut self, name: &ast::Ident, what: &str) {
        if name.name.contains('.') {
            self.error(
                Diagnostic::error(format!("{what} name `{}` contains a dot", name.name)).at(
                    name.span,
                    "dots are only allowed in references to other files",
                ),
            );
        }
    }
}
