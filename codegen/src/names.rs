//! The Rust name of every IDL definition, field, member and file module.
//!
//! Names are decided once, for the whole model, before any code is emitted,
//! so that a reference from one file to another spells the target the way
//! the target's own file does. Within one Rust scope (a module's types, a
//! module's values, a struct's fields, an enum's members, a union's
//! variants), IDL names that map to the same Rust name are told apart by a
//! stable rule: in declaration order, a later name that is taken gets a `_`
//! appended until it is free. A name that cannot become a Rust identifier at
//! all is an error at its span. Wire names never change.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use trift_idl::Diagnostic;
use trift_idl::model::{DefRef, File, Model};
use trift_idl::span::{FileId, Span};

use crate::ident;

/// Every Rust name the generator uses for IDL things.
#[derive(Debug, Default)]
pub(crate) struct Names {
    /// Per file (indexed by `FileId`): the module path below the output root.
    modules: Vec<Vec<String>>,
    /// Structs, unions, exceptions, enums and typedefs.
    types: HashMap<DefRef, String>,
    /// Constants.
    consts: HashMap<DefRef, String>,
    /// Fields of structs, unions and exceptions, in declaration order.
    fields: HashMap<DefRef, Vec<String>>,
    /// Members of enums, in declaration order.
    members: HashMap<DefRef, Vec<String>>,
    /// The variant a union decodes to when no arm this IDL knows was set.
    unknown_variants: HashMap<DefRef, String>,
}

/// Hands out names in one Rust scope, resolving collisions by appending `_`.
struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    fn new() -> Self {
        Scope {
            taken: HashSet::new(),
        }
    }

    /// Claims the escaped form of `cased`, or a free variant of it.
    fn claim(
        &mut self,
        cased: String,
        span: Span,
        what: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> String {
        let mut candidate = cased;
        loop {
            let escaped = ident::escape(&candidate);
            if !ident::is_valid(&escaped) {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "{what} cannot be spelled as a Rust identifier (`{escaped}`)"
                    ))
                    .at(span, "this name"),
                );
                return "invalid_".to_owned();
            }
            let plain = escaped.trim_start_matches("r#").to_owned();
            if self.taken.insert(plain) {
                return escaped;
            }
            candidate.push('_');
        }
    }
}

impl Names {
    /// Decides every name in `model`; collisions are resolved, identifiers
    /// that cannot exist are reported.
    pub(crate) fn new(model: &Model, diagnostics: &mut Vec<Diagnostic>) -> Names {
        let mut names = Names {
            modules: module_paths(model),
            ..Names::default()
        };
        for file in &model.files {
            names.name_file(file, diagnostics);
        }
        names
    }

    fn name_file(&mut self, file: &File, diagnostics: &mut Vec<Diagnostic>) {
        let def = |name: &str| DefRef {
            file: file.id,
            name: name.to_owned(),
        };
        let mut types = Scope::new();
        let mut values = Scope::new();
        for typedef in &file.typedefs {
            let name = types.claim(
                ident::upper_camel(&typedef.name),
                typedef.span,
                "typedef",
                diagnostics,
            );
            self.types.insert(def(&typedef.name), name);
        }
        for enum_def in &file.enums {
            let name = types.claim(
                ident::upper_camel(&enum_def.name),
                enum_def.span,
                "enum",
                diagnostics,
            );
            // An enum is a tuple struct, so its name is a value too.
            values
                .taken
                .insert(name.trim_start_matches("r#").to_owned());
            self.types.insert(def(&enum_def.name), name);
            let mut members = Scope::new();
            let spelled = enum_def
                .values
                .iter()
                .map(|member| {
                    members.claim(
                        ident::shouty(&member.name),
                        member.span,
                        "enum member",
                        diagnostics,
                    )
                })
                .collect();
            self.members.insert(def(&enum_def.name), spelled);
        }
        for struct_def in &file.structs {
            let name = types.claim(
                ident::upper_camel(&struct_def.name),
                struct_def.span,
                "type",
                diagnostics,
            );
            self.types.insert(def(&struct_def.name), name);
            let mut fields = Scope::new();
            let union = struct_def.kind == trift_idl::model::StructKind::Union;
            let spelled = struct_def
                .fields
                .iter()
                .map(|field| {
                    let cased = if union {
                        ident::upper_camel(&field.name)
                    } else {
                        ident::snake(&field.name)
                    };
                    fields.claim(cased, field.span, "field", diagnostics)
                })
                .collect();
            self.fields.insert(def(&struct_def.name), spelled);
            if union {
                let unknown =
                    fields.claim("Unknown".to_owned(), struct_def.span, "union", diagnostics);
                self.unknown_variants.insert(def(&struct_def.name), unknown);
            }
        }
        for constant in &file.consts {
            let name = values.claim(
                ident::shouty(&constant.name),
                constant.span,
                "constant",
                diagnostics,
            );
            self.consts.insert(def(&constant.name), name);
        }
    }

    /// The module path (escaped segments) of file `id` below the output root.
    pub(crate) fn module(&self, id: FileId) -> &[String] {
        self.modules.get(id.0 as usize).map_or(&[], Vec::as_slice)
    }

    /// The Rust name of a type definition.
    pub(crate) fn type_name(&self, def: &DefRef) -> &str {
        self.types.get(def).map_or("Unnamed", String::as_str)
    }

    /// The Rust name of a constant.
    pub(crate) fn const_name(&self, def: &DefRef) -> &str {
        self.consts.get(def).map_or("UNNAMED", String::as_str)
    }

    /// The Rust name of field `index` of a struct, union or exception.
    pub(crate) fn field(&self, def: &DefRef, index: usize) -> &str {
        self.fields
            .get(def)
            .and_then(|fields| fields.get(index))
            .map_or("unnamed", String::as_str)
    }

    /// The Rust name of member `index` of an enum.
    pub(crate) fn member(&self, def: &DefRef, index: usize) -> &str {
        self.members
            .get(def)
            .and_then(|members| members.get(index))
            .map_or("UNNAMED", String::as_str)
    }

    /// The variant of a union that stands for "no known arm set".
    pub(crate) fn unknown_variant(&self, def: &DefRef) -> &str {
        self.unknown_variants
            .get(def)
            .map_or("Unknown", String::as_str)
    }
}

/// The module path of every file: the `namespace rs` (one module per dotted
/// segment) when there is one, else the file name in snake case. Files that
/// would share a path are told apart by their parent directories
/// (`a/shared.thrift` -> `a_shared`), and as a last resort by `_` suffixes.
fn module_paths(model: &Model) -> Vec<Vec<String>> {
    let mut paths: Vec<Vec<String>> = model
        .files
        .iter()
        .map(|file| match file.namespace("rs") {
            Some(namespace) => namespace
                .split('.')
                .map(|s| ident::escape(&ident::snake(s)))
                .collect(),
            None => vec![ident::escape(&ident::snake(&file.name))],
        })
        .collect();
    let mut groups: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
    for (index, path) in paths.iter().enumerate() {
        groups.entry(path.clone()).or_default().push(index);
    }
    for (path, members) in groups {
        if members.len() < 2 {
            continue;
        }
        for &index in &members {
            let Some(file) = model.files.get(index) else {
                continue;
            };
            let qualified = qualify(&file.path, &file.name);
            if let Some(slot) = paths.get_mut(index) {
                let mut new_path = path.clone();
                if file.namespace("rs").is_some() {
                    new_path.push(ident::escape(&ident::snake(&qualified)));
                } else if let Some(last) = new_path.last_mut() {
                    *last = ident::escape(&ident::snake(&qualified));
                }
                *slot = new_path;
            }
        }
    }
    let mut seen = HashSet::new();
    for path in &mut paths {
        while !seen.insert(path.clone()) {
            if let Some(last) = path.last_mut() {
                let plain = last.trim_start_matches("r#").to_owned();
                *last = ident::escape(&format!("{plain}_"));
            }
        }
    }
    paths
}

/// `dir_name` for a file loaded from `.../dir/name.thrift`.
fn qualify(path: &str, name: &str) -> String {
    let parent = Path::new(path)
        .parent()
        .and_then(Path::file_name)
        .and_then(|dir| dir.to_str())
        .unwrap_or("");
    if parent.is_empty() {
        name.to_owned()
    } else {
        format!("{parent}_{name}")
    }
}
