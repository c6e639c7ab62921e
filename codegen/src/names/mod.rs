//! The Rust name of every IDL definition, field, member, service item and
//! file module: the one place the generator decides a name.
//!
//! Names are decided once, for the whole model, before any code is emitted,
//! so that a reference from one file to another spells the target the way
//! the target's own file does. [`modules`] decides module paths and output
//! files, [`services`] the names of each service's items. Within one Rust scope (a module's types, a
//! module's values, a struct's fields, an enum's members, a union's
//! variants), IDL names that map to the same Rust name are told apart by a
//! stable rule: in declaration order, a later name that is taken gets a `_`
//! appended until it is free. A name that cannot become a Rust identifier at
//! all is an error at its span. Wire names never change.

mod modules;
mod services;

pub(crate) use services::{MethodNames, SUCCESS_FIELD, ServiceNames};

use std::collections::{HashMap, HashSet};

use trift_idl::Diagnostic;
use trift_idl::model::{DefRef, File, Model};
use trift_idl::span::{FileId, Span};

use crate::ident;

/// Every Rust name the generator uses for IDL things.
#[derive(Debug, Default)]
pub(crate) struct Names {
    /// Per file (indexed by `FileId`): the module path below the output root.
    modules: Vec<Vec<String>>,
    /// Per file (indexed by `FileId`): the output file (`trift.tutorial.rs`).
    file_names: Vec<String>,
    /// Per file (indexed by `FileId`): its services' names, in declaration order.
    services: Vec<Vec<ServiceNames>>,
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
        let modules = modules::module_paths(model);
        let mut names = Names {
            file_names: modules
                .iter()
                .map(|path| modules::file_name(path))
                .collect(),
            modules,
            ..Names::default()
        };
        for file in &model.files {
            names.name_file(file, diagnostics);
            names.name_services(file);
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

    /// The names of `file`'s services, after its type names are decided.
    fn name_services(&mut self, file: &File) {
        let taken = file
            .typedefs
            .iter()
            .map(|t| &t.name)
            .chain(file.enums.iter().map(|e| &e.name))
            .chain(file.structs.iter().map(|s| &s.name))
            .map(|name| {
                let def = DefRef {
                    file: file.id,
                    name: name.clone(),
                };
                self.type_name(&def).trim_start_matches("r#").to_owned()
            })
            .collect();
        let index = file.id.0 as usize;
        if self.services.len() <= index {
            self.services.resize_with(index + 1, Vec::new);
        }
        if let Some(slot) = self.services.get_mut(index) {
            *slot = services::of_file(file, taken);
        }
    }

    /// The output file of file `id`'s module (`trift.tutorial.rs`).
    pub(crate) fn file_name(&self, id: FileId) -> &str {
        self.file_names
            .get(id.0 as usize)
            .map_or("", String::as_str)
    }

    /// The names of every service of file `id`, in declaration order.
    pub(crate) fn services(&self, id: FileId) -> &[ServiceNames] {
        self.services.get(id.0 as usize).map_or(&[], Vec::as_slice)
    }

    /// The names of the service `def`.
    pub(crate) fn service(&self, def: &DefRef) -> Option<&ServiceNames> {
        self.services(def.file)
            .iter()
            .find(|names| names.idl == def.name)
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
