//! Type references: names to definitions (locally or through an include
//! prefix), typedefs, enums and typedef cycles.

use std::collections::HashMap;

use super::table::SymbolKind;
use super::{Resolver, annotations, doc};
use crate::ast;
use crate::diagnostic::Diagnostic;
use crate::model::{self, DefRef, NamedKind, Type, TypeRef};
use crate::span::{FileId, Span};

/// The longest typedef chain followed before giving up (chains in a file set
/// are acyclic once checked; this only bounds the work on broken input).
pub(crate) const MAX_CHAIN: usize = 10_000;

/// Where a dotted or plain name points.
pub(crate) enum Lookup {
    /// A definition.
    Found(FileId, String, SymbolKind),
    /// `prefix.Name` where `prefix` is not an included file.
    NoSuchInclude(String),
    /// `prefix.Name` where `prefix` names an include that failed to load.
    FailedInclude,
    /// Nothing by that name.
    NotFound,
}

impl Resolver<'_> {
    /// Looks `name` up in the type namespace of file `id`. `prefix.Name`
    /// searches every file included as `prefix`: same-named includes share one
    /// scope, in which (as in the reference compiler, whose scope keeps the
    /// last entry for a name) the file included last wins.
    pub(crate) fn lookup_type(&self, id: FileId, name: &str) -> Lookup {
        let table = &self.tables[id.0 as usize];
        if let Some(&(kind, _)) = table.types.get(name) {
            return Lookup::Found(id, name.to_owned(), kind);
        }
        let Some((prefix, rest)) = name.rsplit_once('.') else {
            return Lookup::NotFound;
        };
        let files = table.included_as(prefix);
        for &file in files.iter().rev() {
            if let Some(&(kind, _)) = self.tables[file.0 as usize].types.get(rest) {
                return Lookup::Found(file, rest.to_owned(), kind);
            }
        }
        if table.failed_includes.contains(prefix) {
            Lookup::FailedInclude
        } else if files.is_empty() {
            Lookup::NoSuchInclude(prefix.to_owned())
        } else {
            Lookup::NotFound
        }
    }

    /// Resolves a written type. `None` (after a diagnostic) when a name does not
    /// resolve. Recursion is bounded by the parser's nesting limit.
    pub(crate) fn resolve_type(&mut self, id: FileId, ty: &ast::Type) -> Option<TypeRef> {
        let resolved = match &ty.kind {
            ast::TypeKind::Base { base, byte_alias } => {
                if *byte_alias {
                    self.error(
                        Diagnostic::warning("`byte` is a compatibility alias for `i8`")
                            .at(ty.span, "write `i8` to make the signedness clear"),
                    );
                }
                Type::Base { base: *base }
            }
            ast::TypeKind::List { elem, cpp_type } => {
                if let ast::TypeKind::Base {
                    base: ast::BaseType::I8,
                    ..
                } = elem.kind
                {
                    self.error(
                        Diagnostic::warning("`list<i8>` is much less efficient than `binary`")
                            .at(ty.span, "consider `binary`"),
                    );
                }
                Type::List {
                    elem: Box::new(self.resolve_type(id, elem)?),
                    cpp_type: cpp_type.clone(),
                }
            }
            ast::TypeKind::Set { elem, cpp_type } => Type::Set {
                elem: Box::new(self.resolve_type(id, elem)?),
                cpp_type: cpp_type.clone(),
            },
            ast::TypeKind::Map {
                key,
                value,
                cpp_type,
            } => {
                let key = self.resolve_type(id, key);
                let value = self.resolve_type(id, value);
                Type::Map {
                    key: Box::new(key?),
                    value: Box::new(value?),
                    cpp_type: cpp_type.clone(),
                }
            }
            ast::TypeKind::Named(name) => self.resolve_named(id, name)?,
        };
        Some(TypeRef {
            ty: resolved,
            annotations: annotations(&ty.annotations),
            span: ty.span,
        })
    }

    fn resolve_named(&mut self, id: FileId, name: &ast::Ident) -> Option<Type> {
        match self.lookup_type(id, &name.name) {
            Lookup::Found(file, def_name, SymbolKind::Type(kind)) => {
                self.warn_if_ambiguous(id, name, file);
                Some(Type::Named {
                    def: kind,
                    target: DefRef {
                        file,
                        name: def_name,
                    },
                })
            }
            Lookup::Found(_, _, SymbolKind::Service) => {
                self.error(
                    Diagnostic::error(format!("`{}` is a service, not a type", name.name))
                        .at(name.span, "expected a type"),
                );
                None
            }
            Lookup::FailedInclude => None,
            Lookup::NoSuchInclude(prefix) => {
                self.error(
                    Diagnostic::error(format!("unknown type `{}`", name.name))
                        .at(name.span, format!("no included file is named `{prefix}`"))
                        .with_note(format!(
                            "to use a type from `{prefix}.thrift`, add `include \"{prefix}.thrift\"`"
                        )),
                );
                None
            }
            Lookup::NotFound => {
                let mut d = Diagnostic::error(format!("unknown type `{}`", name.name))
                    .at(name.span, "not defined");
                if name.name == "slist" {
                    d = Diagnostic::error("`slist` was removed from Thrift")
                        .at(name.span, "no longer supported")
                        .with_note("write `string` instead");
                } else if name.name == "senum" {
                    d = d.with_note("`senum` was removed from Thrift; use an `enum`");
                }
                self.error(d);
                None
            }
        }
    }

    pub(crate) fn find_typedef(&self, target: &DefRef) -> Option<&model::Typedef> {
        self.get_typedef(target)
    }

    pub(crate) fn typedef(&mut self, id: FileId, def: &ast::TypedefDef) {
        let Some(ty) = self.resolve_type(id, &def.ty) else {
            return;
        };
        let typedef = model::Typedef {
            name: def.name.name.clone(),
            doc: doc(&def.doc),
            ty,
            annotations: annotations(&def.annotations),
            span: def.span,
        };
        self.push_typedef(id, typedef);
    }

    /// Reports typedefs that, through other typedefs, name themselves.
    pub(crate) fn check_typedef_cycles(&mut self, id: FileId) {
        let Some(file) = &self.files[id.0 as usize] else {
            return;
        };
        let mut cyclic = Vec::new();
        for typedef in &file.typedefs {
            let start = DefRef {
                file: id,
                name: typedef.name.clone(),
            };
            let mut current = typedef.ty.clone();
            for _ in 0..MAX_CHAIN {
                let Type::Named {
                    def: NamedKind::Typedef,
                    target,
                } = &current.ty
                else {
                    break;
                };
                if *target == start {
                    cyclic.push((typedef.name.clone(), typedef.span));
                    break;
                }
                let Some(next) = self.find_typedef(target) else {
                    break;
                };
                current = next.ty.clone();
            }
        }
        for (name, span) in &cyclic {
            self.error(
                Diagnostic::error(format!("typedef `{name}` refers to itself"))
                    .at(*span, "this typedef chain is a cycle"),
            );
        }
        // Drop cyclic typedefs so later phases never follow the cycle.
        if !cyclic.is_empty() {
            let file = self.file_mut(id);
            file.typedefs
                .retain(|t| !cyclic.iter().any(|(name, _)| *name == t.name));
            self.reindex_typedefs(id);
        }
    }

    pub(crate) fn enum_def(&mut self, id: FileId, def: &ast::EnumDef) {
        let mut values: Vec<model::EnumValue> = Vec::with_capacity(def.values.len());
        let mut by_name: HashMap<&str, Span> = HashMap::new();
        let mut by_value: HashMap<i32, usize> = HashMap::new();
        let mut next: i64 = 0;
        for value in &def.values {
            self.check_simple_name(&value.name, "enum value");
            if let Some(&first) = by_name.get(value.name.name.as_str()) {
                self.error(
                    Diagnostic::error(format!(
                        "enum value `{}.{}` is already defined",
                        def.name.name, value.name.name
                    ))
                    .at(value.name.span, "defined again here")
                    .with_label(first, "first defined here"),
                );
                continue;
            }
            let (number, span) = match value.value {
                Some((number, span)) => (number, span),
                None => (next, value.name.span),
            };
            let Ok(number) = i32::try_from(number) else {
                let why = if value.value.is_some() {
                    "enum values must fit in a 32-bit signed integer"
                } else {
                    "the implicit value (previous + 1) does not fit in a 32-bit signed integer"
                };
                self.error(
                    Diagnostic::error(format!(
                        "enum value `{}` is out of range: {number}",
                        value.name.name
                    ))
                    .at(span, why),
                );
                continue;
            };
            if let Some(same) = by_value.get(&number).map(|&i| &values[i]) {
                self.error(
                    Diagnostic::warning(format!(
                        "enum values `{}` and `{}` are both {number}",
                        same.name, value.name.name
                    ))
                    .at(value.name.span, "duplicate value")
                    .with_label(same.span, "same value here"),
                );
            }
            next = i64::from(number) + 1;
            by_name.insert(&value.name.name, value.span);
            by_value.entry(number).or_insert(values.len());
            values.push(model::EnumValue {
                name: value.name.name.clone(),
                value: number,
                doc: doc(&value.doc),
                annotations: annotations(&value.annotations),
                span: value.span,
            });
        }
        let model_enum = model::Enum {
            name: def.name.name.clone(),
            doc: doc(&def.doc),
            values,
            annotations: annotations(&def.annotations),
            span: def.span,
        };
        self.push_enum(id, model_enum);
    }
}
