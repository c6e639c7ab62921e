//! Field lists: the fields of structs and exceptions, union arms, and method
//! arguments, matched by field id (the only thing on the wire besides the
//! value) and then by name, to tell a rename from a reused id.

use super::checker::{At, Checker, Via, a_struct_kind, struct_kind_name};
use super::rules::Rule;
use super::types::{TypeDiff, both_bytes, describe};
use crate::model::{Field, Requiredness, Struct, StructKind};
use crate::span::Span;

/// Which kind of field list is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    /// Fields of a struct or exception.
    Struct,
    /// Arms of a union.
    Union,
    /// Arguments of a method.
    Args,
}

/// What is compared and where it sits.
pub(super) struct FieldList<'s> {
    pub(super) scope: Scope,
    /// `Type` or `Service.method`.
    pub(super) owner: &'s str,
    /// The enclosing definition's header on each side.
    pub(super) old_parent: Span,
    pub(super) new_parent: Span,
}

impl FieldList<'_> {
    fn noun(&self) -> &'static str {
        match self.scope {
            Scope::Struct => "field",
            Scope::Union => "union arm",
            Scope::Args => "argument",
        }
    }

    /// "required " and the like before the noun (union arms have no requiredness).
    fn qualifier(&self, field: &Field) -> String {
        match self.scope {
            Scope::Union => String::new(),
            Scope::Struct | Scope::Args => format!("{} ", requiredness(field.requiredness)),
        }
    }

    fn subject(&self, field: &Field) -> String {
        format!("{}.{}", self.owner, field.name)
    }

    fn via(&self, field: &Field) -> Via {
        match self.scope {
            Scope::Args => Via::Method {
                method: self.owner.to_owned(),
                via: format!("argument `{}`", field.name),
            },
            Scope::Struct | Scope::Union => Via::Field(self.subject(field)),
        }
    }

    /// The rule for a wire change of this list's fields, or `fallback` for structs.
    fn wire_rule(&self, fallback: Rule) -> Rule {
        match self.scope {
            Scope::Struct => fallback,
            Scope::Union => Rule::UnionArmChanged,
            Scope::Args => Rule::ArgumentChanged,
        }
    }
}

/// What a change to another encoding breaks.
fn different_impact(bytes: bool) -> &'static str {
    if bytes {
        "both are length-prefixed bytes on the wire, but whichever peer expects a `string` rejects a message whose value is not valid UTF-8"
    } else {
        "old and new peers encode it differently: a reader of either version skips the other's value and sees the field as missing (an error if it is required)"
    }
}

fn requiredness(r: Requiredness) -> &'static str {
    match r {
        Requiredness::Required => "required",
        Requiredness::Optional => "optional",
        Requiredness::Default => "default-requiredness",
    }
}

impl Checker<'_> {
    /// Compares a pair of structs, unions or exceptions.
    pub(super) fn compare_structs(&mut self, old: &Struct, new: &Struct) {
        self.with_allow(&new.annotations, |this| {
            let at = At::both(this.old_head(old.span), this.new_head(new.span));
            if old.name != new.name {
                this.report(
                    Rule::TypeRenamed,
                    old.name.clone(),
                    format!(
                        "{} `{}` was renamed to `{}`",
                        struct_kind_name(old),
                        old.name,
                        new.name
                    ),
                    "the wire does not carry type names, but code written against the old generated type no longer compiles",
                    at,
                );
            }
            let union = old.kind == StructKind::Union || new.kind == StructKind::Union;
            if old.kind != new.kind && !union {
                this.report(
                    Rule::TypeChangedWireCompatible,
                    new.name.clone(),
                    format!(
                        "`{}` changed from {} to {}",
                        new.name,
                        a_struct_kind(old),
                        a_struct_kind(new)
                    ),
                    "structs and exceptions encode the same on the wire, but the generated type changes, so code written for the old one no longer compiles",
                    at,
                );
            } else if old.kind != new.kind {
                this.report(
                    Rule::TypeKindChanged,
                    new.name.clone(),
                    format!(
                        "`{}` changed from {} to {}",
                        new.name,
                        a_struct_kind(old),
                        a_struct_kind(new)
                    ),
                    "a union must carry exactly one field, so values that peers of one version write are rejected or misread by peers of the other",
                    at,
                );
            }
            let list = FieldList {
                scope: if union { Scope::Union } else { Scope::Struct },
                owner: &new.name,
                old_parent: at.old.unwrap_or(old.span),
                new_parent: at.new.unwrap_or(new.span),
            };
            this.compare_fields(&list, &old.fields, &new.fields);
        });
    }

    /// Compares two field lists by id.
    pub(super) fn compare_fields(&mut self, list: &FieldList<'_>, old: &[Field], new: &[Field]) {
        let mut matched = vec![false; new.len()];
        for old_field in old {
            if let Some(i) = new.iter().position(|f| f.id == old_field.id) {
                matched[i] = true;
                let new_field = &new[i];
                self.with_allow(&new_field.annotations, |this| {
                    this.compare_field(list, old_field, new_field);
                });
                continue;
            }
            if let Some(i) = new.iter().position(|f| f.name == old_field.name) {
                let moved = !matched[i];
                matched[i] = true;
                if moved {
                    let new_field = &new[i];
                    self.with_allow(&new_field.annotations, |this| {
                        this.report(
                            list.wire_rule(Rule::FieldIdChanged),
                            list.subject(new_field),
                            format!(
                                "{} `{}` moved from id {} to id {}",
                                list.noun(),
                                list.subject(new_field),
                                old_field.id,
                                new_field.id
                            ),
                            format!(
                                "peers of each version ignore what the other writes under id {} or {}, so the value is lost in both directions",
                                old_field.id, new_field.id
                            ),
                            At::both(old_field.span, new_field.span),
                        );
                    });
                    continue;
                }
            }
            self.removed_field(list, old_field);
        }
        for (new_field, _) in new.iter().zip(&matched).filter(|(_, m)| !**m) {
            self.with_allow(&new_field.annotations, |this| {
                this.added_field(list, new_field)
            });
        }
    }

    fn compare_field(&mut self, list: &FieldList<'_>, old: &Field, new: &Field) {
        let at = At::both(old.span, new.span);
        let subject = list.subject(new);
        let noun = list.noun();
        let diff = self.compare_types(&old.ty, &new.ty, &list.via(new));
        let bytes = both_bytes(&self.old.model, &old.ty, &self.new.model, &new.ty);
        let (old_ty, new_ty) = (
            describe(&self.old.model, &old.ty),
            describe(&self.new.model, &new.ty),
        );
        match diff {
            TypeDiff::Different if old.name == new.name => self.report(
                list.wire_rule(Rule::FieldTypeChanged),
                subject.clone(),
                format!(
                    "{noun} `{subject}` (id {}) changed type from {old_ty} to {new_ty}",
                    new.id
                ),
                different_impact(bytes),
                at,
            ),
            TypeDiff::Different => self.report(
                list.wire_rule(Rule::FieldIdReused),
                subject.clone(),
                format!(
                    "id {} of `{}` was `{}` {old_ty} and is now `{}` {new_ty}",
                    new.id, list.owner, old.name, new.name
                ),
                "peers of one version read the other's value under the same id as a different field: it is skipped or, if encodings agree, silently misread",
                at,
            ),
            TypeDiff::Compatible => self.report(
                Rule::TypeChangedWireCompatible,
                subject.clone(),
                format!("{noun} `{subject}` changed type from {old_ty} to {new_ty}"),
                "both encode the same on the wire, but the generated field type changes, so code written for the old one no longer compiles",
                at,
            ),
            TypeDiff::Same => {}
        }
        if old.name != new.name && diff != TypeDiff::Different {
            self.report(
                Rule::FieldRenamed,
                subject.clone(),
                format!(
                    "{noun} {} of `{}` was renamed from `{}` to `{}`",
                    new.id, list.owner, old.name, new.name
                ),
                "the wire only carries the id, but code that names the old generated field no longer compiles",
                at,
            );
        }
        self.compare_requiredness(list, old, new, at);
        if old.default != new.default && diff == TypeDiff::Same {
            self.report(
                Rule::DefaultValueChanged,
                subject,
                format!("the default value of {noun} `{}.{}` changed", list.owner, new.name),
                "old and new peers fill in different values when the field is not set, so they disagree about messages that omit it",
                at,
            );
        }
    }

    fn compare_requiredness(&mut self, list: &FieldList<'_>, old: &Field, new: &Field, at: At) {
        use Requiredness::{Default, Optional, Required};
        let subject = list.subject(new);
        let change = format!(
            "{} `{subject}` changed from {} to {}",
            list.noun(),
            requiredness(old.requiredness),
            requiredness(new.requiredness)
        );
        match (old.requiredness, new.requiredness) {
            (Required, Optional | Default) => self.report(
                list.wire_rule(Rule::FieldRequirednessChanged),
                subject,
                change,
                "new peers may leave it out, and old peers then reject the message for missing a required field",
                at,
            ),
            (Optional | Default, Required) => self.report(
                list.wire_rule(Rule::FieldRequirednessChanged),
                subject,
                change,
                "old peers may leave it out, and new peers then reject the message for missing a required field",
                at,
            ),
            (Optional, Default) | (Default, Optional) if list.scope != Scope::Union => self.report(
                Rule::FieldOptionalityChanged,
                subject,
                change,
                "the wire is unchanged, but the generated field switches between a plain value and an optional one, so code written for the old one no longer compiles",
                at,
            ),
            _ => {}
        }
    }

    fn removed_field(&mut self, list: &FieldList<'_>, old: &Field) {
        let at = At {
            old: Some(old.span),
            new: Some(list.new_parent),
        };
        let subject = format!("{}.{}", list.owner, old.name);
        let noun = list.noun();
        let message = format!(
            "{}{noun} `{subject}` (id {}) was removed",
            list.qualifier(old),
            old.id
        );
        if list.scope == Scope::Union {
            self.report(
                Rule::UnionArmChanged,
                subject,
                message,
                "a new peer that receives this arm from an old peer skips it and finds the union empty",
                at,
            );
        } else if old.requiredness == Requiredness::Required {
            self.report(
                list.wire_rule(Rule::RequiredFieldRemoved),
                subject,
                message,
                "new peers no longer write it, so old peers reject their messages for missing a required field",
                at,
            );
        } else {
            self.report(
                Rule::FieldRemoved,
                subject,
                message,
                format!(
                    "old and new peers still talk (the value is skipped or left unset), but code that uses the old generated {noun} no longer compiles, and id {} must never be reused",
                    old.id
                ),
                at,
            );
        }
    }

    fn added_field(&mut self, list: &FieldList<'_>, new: &Field) {
        let at = At {
            old: Some(list.old_parent),
            new: Some(new.span),
        };
        let subject = list.subject(new);
        let noun = list.noun();
        let message = format!(
            "{}{noun} `{subject}` (id {}) was added",
            list.qualifier(new),
            new.id
        );
        if list.scope == Scope::Union {
            self.report(
                Rule::UnionArmChanged,
                subject,
                message,
                "an old peer that receives the new arm from a new peer skips it and finds the union empty",
                at,
            );
        } else if new.requiredness == Requiredness::Required {
            self.report(
                list.wire_rule(Rule::RequiredFieldAdded),
                subject,
                message,
                "old peers do not write it, so new peers reject their messages for missing a required field",
                at,
            );
        } else {
            self.report(
                Rule::OptionalFieldAdded,
                subject,
                message,
                "old peers skip it when a new peer sends it, and new peers leave it unset when an old peer does not",
                at,
            );
        }
    }
}
