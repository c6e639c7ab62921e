//! Services: `extends` (which must name a service defined earlier, here or in
//! an include, so chains cannot be cycles), functions, `oneway` and `throws`
//! (whose types must be defined above the service, see [`super::order`]).
//!
//! Exceptions may be used as return and argument types: the reference
//! compiler defines `ALLOW_EXCEPTIONS_AS_TYPE` unconditionally (THRIFT-5835).

use std::collections::{HashMap, HashSet};

use super::fields::FieldList;
use super::order::UseSite;
use super::table::SymbolKind;
use super::types::Lookup;
use super::{Resolver, annotations, doc};
use crate::ast;
use crate::diagnostic::Diagnostic;
use crate::model::{self, DefRef, NamedKind, Type};
use crate::span::{FileId, Span};

impl Resolver<'_> {
    pub(crate) fn service_def(&mut self, id: FileId, def: &ast::ServiceDef) {
        let extends = def.extends.as_ref().and_then(|base| self.extends(id, base));
        let mut functions: Vec<model::Function> = Vec::with_capacity(def.functions.len());
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for function in &def.functions {
            self.check_simple_name(&function.name, "function");
            if let Some(&first) = seen.get(function.name.name.as_str()) {
                self.error(
                    Diagnostic::error(format!(
                        "function `{}` is already defined in service `{}`",
                        function.name.name, def.name.name
                    ))
                    .at(function.name.span, "defined again here")
                    .with_label(first, "first defined here"),
                );
                continue;
            }
            seen.insert(&function.name.name, function.name.span);
            if let Some((base, span)) =
                self.inherited_function(extends.as_ref(), &function.name.name)
            {
                self.error(
                    Diagnostic::error(format!(
                        "function `{}` is already defined in base service `{base}`",
                        function.name.name
                    ))
                    .at(function.name.span, "redefined here")
                    .with_label(span, "inherited from here"),
                );
                continue;
            }
            if let Some(f) = self.function(id, function) {
                functions.push(f);
            }
        }
        let service = model::Service {
            name: def.name.name.clone(),
            doc: doc(&def.doc),
            extends,
            functions,
            annotations: annotations(&def.annotations),
            span: def.span,
        };
        self.push_service(id, service);
    }

    fn extends(&mut self, id: FileId, base: &ast::Ident) -> Option<DefRef> {
        let defined = |resolver: &Self, file: FileId, name: &str| {
            resolver
                .get_service(&DefRef {
                    file,
                    name: name.to_owned(),
                })
                .is_some()
        };
        match self.lookup_type(id, &base.name) {
            Lookup::Found(file, name, SymbolKind::Service) if defined(self, file, &name) => {
                self.warn_if_ambiguous(id, base, file);
                Some(DefRef { file, name })
            }
            Lookup::Found(_, _, SymbolKind::Service) => {
                self.error(
                    Diagnostic::error(format!("service `{}` is not defined yet", base.name))
                        .at(base.span, "defined later in this file")
                        .with_note(
                            "a base service must be defined before the services that extend it",
                        ),
                );
                None
            }
            Lookup::Found(_, _, SymbolKind::Type(_)) => {
                self.error(
                    Diagnostic::error(format!("`{}` is not a service", base.name))
                        .at(base.span, "only services can be extended"),
                );
                None
            }
            Lookup::FailedInclude => None,
            Lookup::NoSuchInclude(_) | Lookup::NotFound => {
                self.error(
                    Diagnostic::error(format!("unknown service `{}`", base.name))
                        .at(base.span, "not defined"),
                );
                None
            }
        }
    }

    /// The base service (searched from `base` upwards) that defines `name`.
    fn inherited_function(&self, base: Option<&DefRef>, name: &str) -> Option<(String, Span)> {
        if !self.function_definers.contains_key(name) {
            return None;
        }
        let mut visited = HashSet::new();
        let mut current = base.cloned();
        while let Some(service_ref) = current {
            if !visited.insert(service_ref.clone()) {
                break;
            }
            if let Some(span) = self.service_function(&service_ref, name) {
                return Some((service_ref.name, span));
            }
            current = self.get_service(&service_ref)?.extends.clone();
        }
        None
    }

    fn function(&mut self, id: FileId, function: &ast::Function) -> Option<model::Function> {
        let name = &function.name.name;
        let return_type = match &function.return_type {
            Some(ty) => Some(self.resolve_type(id, ty)?),
            None => None,
        };
        let mut args = self.fields(id, &function.args, FieldList::Args, name);
        for arg in &mut args {
            if let Some(value) = function
                .args
                .iter()
                .find(|a| a.name.name == arg.name)
                .and_then(|a| a.default.as_ref())
            {
                let ty = arg.ty.clone();
                let site = UseSite::new(value.span, "default value");
                arg.default = self.check_value(site, &ty, value);
            }
        }
        let (throws, throws_span) = match &function.throws {
            Some((fields, span)) => (
                self.fields(id, fields, FieldList::Throws, name),
                Some(*span),
            ),
            None => (Vec::new(), None),
        };
        let site = UseSite::new(throws_span.unwrap_or(function.span), "throws clause");
        for entry in &throws {
            let Some(true_type) = self.true_type_at(site, &entry.ty) else {
                continue;
            };
            let is_exception = matches!(
                true_type.ty,
                Type::Named {
                    def: NamedKind::Exception,
                    ..
                }
            );
            if !is_exception {
                self.error(
                    Diagnostic::error(format!(
                        "`throws` of `{name}` lists `{}`, which is not an exception",
                        entry.name
                    ))
                    .at(entry.ty.span, "not an exception type")
                    .with_note("throws clauses may only contain exception types"),
                );
            }
        }
        if let Some((keyword, span)) = function.oneway {
            if keyword == ast::OnewayKeyword::Async {
                self.error(
                    Diagnostic::warning("`async` is a deprecated alias of `oneway`")
                        .at(span, "write `oneway`"),
                );
            }
            if return_type.is_some() {
                self.error(
                    Diagnostic::warning(format!("oneway function `{name}` should return void"))
                        .at(function.return_span, "a oneway call gets no reply"),
                );
            }
            if !throws.is_empty() {
                self.error(
                    Diagnostic::error(format!("oneway function `{name}` cannot throw exceptions"))
                        .at(
                            throws_span.unwrap_or(function.name.span),
                            "a oneway call gets no reply",
                        )
                        .with_label(span, "oneway here"),
                );
            }
        }
        Some(model::Function {
            name: name.clone(),
            doc: doc(&function.doc),
            oneway: function.oneway.is_some(),
            return_type,
            args,
            throws,
            annotations: annotations(&function.annotations),
            span: function.span,
        })
    }
}
