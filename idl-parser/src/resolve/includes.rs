//! How a file's names meet the names of the files it includes, as in the
//! reference compiler (`thrifty.yy`'s `Definition` actions, `t_scope.h`,
//! `t_program::is_unique_typename`):
//!
//! - A type or service may not have the name of a type or service of a
//!   directly included file when the two files' namespaces are the same (also
//!   when neither declares any); when only some namespaces match, that is a
//!   warning.
//! - Includes with the same base name (`a/shared.thrift`, `b/shared.thrift`)
//!   share one prefix. Types and services resolve in either, the file
//!   included last winning where both define a name (trift warns at such a
//!   reference); a constant or enum value may be defined by only one of them.
//!   A file included twice counts as two includes.
//! - An enum named like an include may not have a value named like one of
//!   that include's constants: both would be `inc.NAME` in the scope.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::Resolver;
use crate::ast;
use crate::diagnostic::Diagnostic;
use crate::model;
use crate::span::{FileId, Span};

/// A constant or enum value that a file puts into its includer's scope.
struct ValueName {
    /// `C` or `Enum.VALUE`.
    name: String,
    /// "constant" or "enum value".
    what: &'static str,
    /// The defining name.
    span: Span,
}

impl Resolver<'_> {
    /// The include path `id` wrote for `file` (the file's path if not found).
    fn include_path(&self, id: FileId, file: FileId) -> String {
        let written = self.files[id.0 as usize]
            .as_ref()
            .and_then(|f| f.includes.iter().find(|i| i.file == file))
            .map(|i| i.path.clone());
        written.unwrap_or_else(|| {
            self.sources
                .get(file)
                .map(|f| f.path.display().to_string())
                .unwrap_or_default()
        })
    }

    /// Warns when `reference` (`prefix.Name`, resolved to a definition in
    /// `found`) also names a type or service in another file included as
    /// `prefix`.
    pub(crate) fn warn_if_ambiguous(&mut self, id: FileId, reference: &ast::Ident, found: FileId) {
        let Some((prefix, rest)) = reference.name.rsplit_once('.') else {
            return;
        };
        let table = &self.tables[id.0 as usize];
        let other = table
            .included_as(prefix)
            .iter()
            .rev()
            .copied()
            .find(|&f| f != found && self.tables[f.0 as usize].types.contains_key(rest));
        let Some(other) = other else {
            return;
        };
        let span_in = |file: FileId| {
            self.tables[file.0 as usize]
                .types
                .get(rest)
                .map(|(_, d)| d.name)
        };
        let (Some(used), Some(unused)) = (span_in(found), span_in(other)) else {
            return;
        };
        let used_path = self.include_path(id, found);
        let other_path = self.include_path(id, other);
        self.error(
            Diagnostic::warning(format!(
                "`{}` is defined in two files included as `{prefix}`",
                reference.name
            ))
            .at(reference.span, format!("resolves to the one in `{used_path}`"))
            .with_label(used, "this one: its file is included last")
            .with_label(unused, format!("not this one, in `{other_path}`"))
            .with_note(format!(
                "Apache Thrift gives same-named includes one scope, in which the file included last wins; rename one of the two `{rest}`s to make the reference unambiguous"
            )),
        );
    }

    /// Reports constants and enum values that two includes with the same
    /// prefix both define, and files included twice that define any.
    pub(crate) fn check_include_scopes(&mut self, id: FileId) {
        let includes = self.file_mut(id).includes.clone();
        let mut groups: Vec<(String, Vec<&model::IncludeRef>)> = Vec::new();
        for include in &includes {
            if self.loaded.documents[include.file.0 as usize].is_none() {
                continue;
            }
            match groups.iter_mut().find(|(name, _)| *name == include.name) {
                Some((_, group)) => group.push(include),
                None => groups.push((include.name.clone(), vec![include])),
            }
        }
        for (prefix, group) in groups.iter().filter(|(_, g)| g.len() > 1) {
            let mut first_include: HashMap<FileId, Span> = HashMap::new();
            let mut defined: HashMap<String, (Span, FileId)> = HashMap::new();
            for include in group {
                let names = self.value_names(include.file);
                if let Some(&first) = first_include.get(&include.file) {
                    if let Some(example) = names.first() {
                        self.error(included_twice(include, first, prefix, example));
                    }
                    continue;
                }
                first_include.insert(include.file, include.span);
                for value in names {
                    let Some(&(first, first_file)) = defined.get(&value.name) else {
                        defined.insert(value.name.clone(), (value.span, include.file));
                        continue;
                    };
                    let first_path = self.include_path(id, first_file);
                    self.error(
                        Diagnostic::error(format!(
                            "{} `{prefix}.{}` is defined in two files included as `{prefix}`",
                            value.what, value.name
                        ))
                        .at(include.span, "included here")
                        .with_label(first, format!("defined here, in `{first_path}`"))
                        .with_label(value.span, format!("and here, in `{}`", include.path))
                        .with_note(format!(
                            "Apache Thrift gives same-named includes one scope, in which a constant or enum value may be defined only once (it reports \"Enum {prefix}.{} is already defined!\")",
                            value.name
                        )),
                    );
                }
            }
        }
    }

    /// Reports enum values of `document` (file `id`) that, because the enum
    /// has the name of an include, get the same scope name as a constant of
    /// that include (`enum inc { C }` next to `inc.C`).
    pub(crate) fn check_enums_named_like_includes(&mut self, id: FileId, document: &ast::Document) {
        let mut clashes = Vec::new();
        for definition in &document.definitions {
            let ast::Definition::Enum(def) = definition else {
                continue;
            };
            let table = &self.tables[id.0 as usize];
            if !table.owns(definition) {
                continue;
            }
            for &file in table.included_as(&def.name.name) {
                for value in &def.values {
                    if let Some(constant) =
                        self.tables[file.0 as usize].consts.get(&value.name.name)
                    {
                        clashes.push((def, value, file, constant.name));
                    }
                }
            }
        }
        for (def, value, file, constant) in clashes {
            let path = self.include_path(id, file);
            let scoped = format!("{}.{}", def.name.name, value.name.name);
            self.error(
                Diagnostic::error(format!(
                    "enum value `{scoped}` has the name of a constant of the included file `{path}`"
                ))
                .at(value.name.span, "defined here")
                .with_label(constant, format!("`{scoped}` names this constant"))
                .with_note(format!(
                    "the enum has the name of an include, so Apache Thrift registers both as `{scoped}` and rejects the second (\"Enum {scoped} is already defined!\"); rename the enum or the value"
                )),
            );
        }
    }

    /// The constants and enum values of `file`, in definition order.
    fn value_names(&self, file: FileId) -> Vec<ValueName> {
        let Some(document) = &self.loaded.documents[file.0 as usize] else {
            return Vec::new();
        };
        let table = &self.tables[file.0 as usize];
        let mut names = Vec::new();
        for definition in &document.definitions {
            if !table.owns(definition) {
                continue;
            }
            match definition {
                ast::Definition::Const(def) => names.push(ValueName {
                    name: def.name.name.clone(),
                    what: "constant",
                    span: def.name.span,
                }),
                ast::Definition::Enum(def) => {
                    let mut seen = HashSet::new();
                    for value in &def.values {
                        if seen.insert(&value.name.name) {
                            names.push(ValueName {
                                name: format!("{}.{}", def.name.name, value.name.name),
                                what: "enum value",
                                span: value.name.span,
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        names
    }

    /// Reports the types and services of `document` (file `id`) that a
    /// directly included file defines too, when the files' namespaces make
    /// them clash (`t_program::is_common_namespace`).
    pub(crate) fn check_names_shared_with_includes(
        &mut self,
        id: FileId,
        document: &ast::Document,
    ) {
        let mut included: Vec<FileId> = Vec::new();
        for files in self.tables[id.0 as usize].includes.values() {
            included.extend(files.iter().copied());
        }
        included.sort();
        included.dedup();
        if included.is_empty() {
            return;
        }
        let mut found = Vec::new();
        for definition in &document.definitions {
            if matches!(definition, ast::Definition::Const(_))
                || !self.tables[id.0 as usize].owns(definition)
            {
                continue;
            }
            let name = definition.name();
            let kind = match definition {
                ast::Definition::Service(_) => "service",
                _ => "type",
            };
            for &file in &included {
                if let Some(&(_, other)) = self.tables[file.0 as usize].types.get(&name.name) {
                    found.push((name, kind, file, other.name));
                }
            }
        }
        for (name, what, file, other) in found {
            let (Some(local), Some(theirs)) =
                (&self.files[id.0 as usize], &self.files[file.0 as usize])
            else {
                continue;
            };
            let (clash, shared) = namespaces_clash(theirs, local);
            if !clash && shared.is_empty() {
                continue;
            }
            let path = self.include_path(id, file);
            let listed = shared
                .iter()
                .map(|(scope, ns)| format!("`namespace {scope} {ns}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let diagnostic = if clash {
                let why = if shared.is_empty() {
                    "neither file declares a namespace".to_owned()
                } else {
                    format!("both files declare the same namespaces ({listed})")
                };
                Diagnostic::error(format!(
                    "{what} `{}` is already defined in the included file `{path}`",
                    name.name
                ))
                .at(name.span, "defined again here")
                .with_label(other, "first defined here")
                .with_note(format!(
                    "{why}, so Apache Thrift sees one scope and rejects the second definition (\"Type \"{}\" is already defined.\"); rename one of them, or give the files different namespaces",
                    name.name
                ))
            } else {
                Diagnostic::warning(format!(
                    "{what} `{}` is also defined in the included file `{path}`, under the same {listed}",
                    name.name
                ))
                .at(name.span, "defined again here")
                .with_label(other, "also defined here")
                .with_note("code generated for that namespace puts both definitions in one place; the files' other namespaces differ, so Apache Thrift only warns")
            };
            self.error(diagnostic);
        }
    }
}

fn included_twice(
    include: &model::IncludeRef,
    first: Span,
    prefix: &str,
    example: &ValueName,
) -> Diagnostic {
    Diagnostic::error(format!("`{}` is included twice", include.path))
        .at(include.span, "included again here")
        .with_label(first, "first included here")
        .with_note(format!(
            "Apache Thrift reads the file once per include and then finds its constants and enum values defined twice (\"Enum {prefix}.{} is already defined!\"); remove one of the includes",
            example.name
        ))
}

/// A file's namespaces by scope, the last declaration of a scope winning.
fn namespace_map(file: &model::File) -> BTreeMap<&str, &str> {
    file.namespaces
        .iter()
        .map(|n| (n.scope.as_str(), n.name.as_str()))
        .collect()
}

/// `t_program::get_namespace`: the namespace for `scope`, falling back to `*`.
fn namespace_for<'a>(map: &BTreeMap<&str, &'a str>, scope: &str) -> Option<&'a str> {
    map.get(scope).or_else(|| map.get("*")).copied()
}

/// Whether a type of `local` and one of the included file `theirs` with the
/// same name clash (every namespace either declares is the other's for that
/// scope, or neither declares any), and which (scope, namespace) pairs they
/// share: `t_program::is_common_namespace`.
fn namespaces_clash(theirs: &model::File, local: &model::File) -> (bool, Vec<(String, String)>) {
    let theirs = namespace_map(theirs);
    let local = namespace_map(local);
    let mut clash = true;
    let mut shared: Vec<(String, String)> = Vec::new();
    for (declared, other) in [(&theirs, &local), (&local, &theirs)] {
        for (&scope, &ns) in declared {
            if namespace_for(other, scope) == Some(ns) {
                let pair = (scope.to_owned(), ns.to_owned());
                if !shared.contains(&pair) {
                    shared.push(pair);
                }
            } else {
                clash = false;
            }
        }
    }
    (clash, shared)
}
