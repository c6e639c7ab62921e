//! Services and their methods: services matched by file and name, methods by
//! name over everything a service offers (its own and inherited), so moving a
//! method to a parent service is not a removal. Every type a method carries
//! is paired from here, which is what lets [`super::reach`] name the methods a
//! deep change reaches.

use std::collections::HashMap;

use super::checker::{At, Checker, Via};
use super::contract::Contract;
use super::fields::{FieldList, Scope};
use super::rules::Rule;
use super::types::{TypeDiff, describe, type_name};
use crate::model::{DefRef, Function, Model, Service};

/// The deepest `extends` chain followed (checked models have no cycles).
const MAX_EXTENDS: usize = 1_000;

/// Every method a service offers, by name, with the service defining it.
fn methods<'m>(
    model: &'m Model,
    service: &'m Service,
) -> HashMap<&'m str, (&'m Function, &'m str)> {
    let mut all = HashMap::new();
    let mut current = Some(service);
    for _ in 0..MAX_EXTENDS {
        let Some(s) = current else { break };
        for f in &s.functions {
            all.entry(f.name.as_str()).or_insert((f, s.name.as_str()));
        }
        current = s.extends.as_ref().and_then(|base| model.find_service(base));
    }
    all
}

/// What a method looks like on the wire, to recognise a renamed method.
fn signature(model: &Model, f: &Function) -> String {
    let fields = |list: &[crate::model::Field]| {
        list.iter()
            .map(|a| {
                format!(
                    "{}:{:?}:{}",
                    a.id,
                    a.requiredness,
                    type_name(model.true_type(&a.ty))
                )
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    format!(
        "{} {}({}) throws({})",
        f.oneway,
        f.return_type
            .as_ref()
            .map_or("void".to_owned(), |t| type_name(model.true_type(t))),
        fields(&f.args),
        fields(&f.throws)
    )
}

fn key_of(contract: &Contract, def: &DefRef) -> (String, String) {
    (contract.key(def.file).to_owned(), def.name.clone())
}

impl Checker<'_> {
    /// Compares every service of the old contract with its counterpart.
    pub(super) fn compare_services(&mut self) {
        let (old, new) = (self.old, self.new);
        let find_new = |key: &str, name: &str| {
            new.model
                .files
                .iter()
                .filter(|f| new.key(f.id) == key)
                .flat_map(|f| &f.services)
                .find(|s| s.name == name)
        };
        for file in &old.model.files {
            for service in &file.services {
                match find_new(old.key(file.id), &service.name) {
                    Some(now) => self.compare_service(service, now),
                    None => self.report(
                        Rule::ServiceRemoved,
                        service.name.clone(),
                        format!("service `{}` was removed", service.name),
                        "old clients' calls to it fail once the new contract's servers replace the old ones",
                        At {
                            old: Some(self.old_head(service.span)),
                            new: self.new_file_start(file.id),
                        },
                    ),
                }
            }
        }
        for file in &new.model.files {
            for service in &file.services {
                let existed = old
                    .model
                    .files
                    .iter()
                    .filter(|f| old.key(f.id) == new.key(file.id))
                    .flat_map(|f| &f.services)
                    .any(|s| s.name == service.name);
                if !existed {
                    let at = At {
                        old: self.old_file_start(file.id),
                        new: Some(self.new_head(service.span)),
                    };
                    self.with_allow(&service.annotations, |this| {
                        this.report(
                            Rule::ServiceAdded,
                            service.name.clone(),
                            format!("service `{}` was added", service.name),
                            "old clients do not know it and are not affected",
                            at,
                        );
                    });
                }
            }
        }
    }

    fn compare_service(&mut self, old: &Service, new: &Service) {
        self.with_allow(&new.annotations, |this| {
            let at = At::both(this.old_head(old.span), this.new_head(new.span));
            let old_base = old.extends.as_ref().map(|b| key_of(this.old, b));
            let new_base = new.extends.as_ref().map(|b| key_of(this.new, b));
            if old_base != new_base {
                let show = |b: &Option<(String, String)>| {
                    b.as_ref().map_or("nothing".to_owned(), |(_, name)| format!("`{name}`"))
                };
                this.report(
                    Rule::ServiceExtendsChanged,
                    new.name.clone(),
                    format!(
                        "service `{}` now extends {} instead of {}",
                        new.name,
                        show(&new_base),
                        show(&old_base)
                    ),
                    "the methods a client may call change with the parent, so calls that old clients make to inherited methods can fail on new servers (method changes are reported on their own)",
                    at,
                );
            }
            let old_methods = methods(&this.old.model, old);
            let new_methods = methods(&this.new.model, new);
            let mut removed = Vec::new();
            for f in &old.functions {
                match new_methods.get(f.name.as_str()) {
                    Some((now, _)) => {
                        let label = format!("{}.{}", new.name, f.name);
                        this.compare_method(&label, f, now);
                    }
                    None => removed.push(f),
                }
            }
            let mut added: Vec<&Function> = new
                .functions
                .iter()
                .filter(|f| !old_methods.contains_key(f.name.as_str()))
                .collect();
            for f in removed {
                let sig = signature(&this.old.model, f);
                let same: Vec<usize> = added
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| signature(&this.new.model, a) == sig)
                    .map(|(i, _)| i)
                    .collect();
                if let [i] = same[..] {
                    let now = added.remove(i);
                    this.with_allow(&now.annotations, |this| {
                        this.report(
                            Rule::MethodRenamed,
                            format!("{}.{}", new.name, f.name),
                            format!("method `{}.{}` was renamed to `{}`", new.name, f.name, now.name),
                            "Thrift sends the method name in every call, so new servers answer old clients' calls with an unknown-method error (and new clients fail on old servers)",
                            At::both(this.old_head(f.span), this.new_head(now.span)),
                        );
                    });
                    continue;
                }
                this.report(
                    Rule::MethodRemoved,
                    format!("{}.{}", new.name, f.name),
                    format!("method `{}.{}` was removed", new.name, f.name),
                    "new servers answer old clients' calls to it with an unknown-method error",
                    At { old: Some(this.old_head(f.span)), new: at.new },
                );
            }
            for f in added {
                this.with_allow(&f.annotations, |this| {
                    this.report(
                        Rule::MethodAdded,
                        format!("{}.{}", new.name, f.name),
                        format!("method `{}.{}` was added", new.name, f.name),
                        "old clients do not call it; new clients calling old servers get an unknown-method error",
                        At { old: at.old, new: Some(this.new_head(f.span)) },
                    );
                });
            }
        });
    }

    fn compare_method(&mut self, label: &str, old: &Function, new: &Function) {
        self.with_allow(&new.annotations, |this| {
            let at = At::both(this.old_head(old.span), this.new_head(new.span));
            if old.oneway != new.oneway {
                let was = if old.oneway { "oneway" } else { "not oneway" };
                let now = if new.oneway { "oneway" } else { "not oneway" };
                this.report(
                    Rule::OnewayChanged,
                    label.to_owned(),
                    format!("method `{label}` was {was} and is now {now}"),
                    "a client that expects a reply waits forever (or times out) for a oneway server, and a oneway client leaves replies unread on its connection",
                    at,
                );
            }
            this.compare_return(label, old, new, at);
            let list = FieldList {
                scope: Scope::Args,
                owner: label,
                old_parent: at.old.unwrap_or(old.span),
                new_parent: at.new.unwrap_or(new.span),
            };
            this.compare_fields(&list, &old.args, &new.args);
            this.compare_throws(label, old, new, at);
        });
    }

    fn compare_return(&mut self, label: &str, old: &Function, new: &Function, at: At) {
        let show = |model: &Model, t: &Option<crate::model::TypeRef>| {
            t.as_ref()
                .map_or("`void`".to_owned(), |t| describe(model, t))
        };
        let diff = match (&old.return_type, &new.return_type) {
            (None, None) => TypeDiff::Same,
            (Some(a), Some(b)) => {
                let via = Via::Method {
                    method: label.to_owned(),
                    via: "the result".to_owned(),
                };
                self.compare_types(a, b, &via)
            }
            _ => TypeDiff::Different,
        };
        let message = format!(
            "the return type of `{label}` changed from {} to {}",
            show(&self.old.model, &old.return_type),
            show(&self.new.model, &new.return_type)
        );
        match diff {
            TypeDiff::Same => {}
            TypeDiff::Compatible => self.report(
                Rule::TypeChangedWireCompatible,
                label.to_owned(),
                message,
                "both encode the same on the wire, but the generated method's result type changes, so calling code no longer compiles",
                at,
            ),
            TypeDiff::Different => self.report(
                Rule::ReturnTypeChanged,
                label.to_owned(),
                message,
                "a client of either version skips the other version's result and fails the call with a missing-result error",
                at,
            ),
        }
    }

    fn compare_throws(&mut self, label: &str, old: &Function, new: &Function, at: At) {
        for e in &old.throws {
            let subject = format!("{label}.{}", e.name);
            match new.throws.iter().find(|n| n.id == e.id) {
                Some(now) => {
                    let via = Via::Method { method: label.to_owned(), via: format!("exception `{}`", now.name) };
                    if self.compare_types(&e.ty, &now.ty, &via) != TypeDiff::Same {
                        let message = format!(
                            "exception {} of `{label}` changed from {} to {}",
                            e.id,
                            describe(&self.old.model, &e.ty),
                            describe(&self.new.model, &now.ty)
                        );
                        self.with_allow(&now.annotations, |this| {
                            this.report(
                                Rule::ExceptionChanged,
                                subject,
                                message,
                                "a client of either version cannot read the exception the other version's server throws and fails the call with a missing-result error",
                                At::both(e.span, now.span),
                            );
                        });
                    }
                }
                None => self.report(
                    Rule::ExceptionRemoved,
                    subject,
                    format!(
                        "exception `{}` ({}) was removed from the throws of `{label}`",
                        e.name,
                        describe(&self.old.model, &e.ty)
                    ),
                    "an old server that still throws it leaves new clients with a missing-result error instead of the declared exception",
                    At { old: Some(e.span), new: at.new },
                ),
            }
        }
        for e in new
            .throws
            .iter()
            .filter(|n| !old.throws.iter().any(|o| o.id == n.id))
        {
            self.with_allow(&e.annotations, |this| {
                this.report(
                    Rule::ExceptionAdded,
                    format!("{label}.{}", e.name),
                    format!(
                        "exception `{}` ({}) was added to the throws of `{label}`",
                        e.name,
                        describe(&this.new.model, &e.ty)
                    ),
                    "old clients that receive it from a new server cannot read it and fail the call with a missing-result error, as they would for any unexpected failure",
                    At { old: at.old, new: Some(e.span) },
                );
            });
        }
    }
}
