//! Field lists (struct members, function arguments, `throws` entries): ids,
//! names, requiredness and default values.

use std::collections::HashMap;

use super::order::UseSite;
use super::{Resolver, annotations, doc};
use crate::ast::{self, Requiredness as Written};
use crate::diagnostic::Diagnostic;
use crate::model::{self, DefRef, Requiredness};
use crate::span::{FileId, Span};

/// What a field list belongs to; requiredness rules differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldList {
    /// Members of a struct or exception.
    Struct,
    /// Members of a union: always optional.
    Union,
    /// Function arguments: `optional` is ignored.
    Args,
    /// `throws` entries: `required` is ignored.
    Throws,
}

impl Resolver<'_> {
    pub(crate) fn struct_def(&mut self, id: FileId, def: &ast::StructDef) {
        let list = match def.kind {
            ast::StructKind::Union => FieldList::Union,
            _ => FieldList::Struct,
        };
        let fields = self.fields(id, &def.fields, list, &def.name.name);
        if list == FieldList::Union {
            let with_default: Vec<&ast::Field> =
                def.fields.iter().filter(|f| f.default.is_some()).collect();
            if let [first, rest @ ..] = with_default.as_slice() {
                for field in rest {
                    self.error(
                        Diagnostic::error(format!(
                            "union `{}` has more than one default value",
                            def.name.name
                        ))
                        .at(field.name.span, "second default here")
                        .with_label(first.name.span, "first default here")
                        .with_note("at most one member of a union may have a default value"),
                    );
                }
            }
        }
        let kind = match def.kind {
            ast::StructKind::Struct => model::StructKind::Struct,
            ast::StructKind::Union => model::StructKind::Union,
            ast::StructKind::Exception => model::StructKind::Exception,
        };
        let model_struct = model::Struct {
            kind,
            name: def.name.name.clone(),
            doc: doc(&def.doc),
            fields,
            annotations: annotations(&def.annotations),
            span: def.span,
        };
        self.push_struct(id, model_struct);
    }

    /// Checks and lowers a field list (without default values: those are typed
    /// once every constant is known).
    pub(crate) fn fields(
        &mut self,
        id: FileId,
        fields: &[ast::Field],
        list: FieldList,
        owner: &str,
    ) -> Vec<model::Field> {
        let mut out = Vec::with_capacity(fields.len());
        let mut next_auto: i32 = -1;
        let mut ids: HashMap<i32, Span> = HashMap::new();
        let mut names: HashMap<&str, Span> = HashMap::new();
        for field in fields {
            self.check_simple_name(&field.name, "field");
            let (field_id, explicit_id) = self.field_id(field, &mut next_auto);
            let id_span = field.id.map_or(field.name.span, |(_, s)| s);
            if let Some(&first) = ids.get(&field_id) {
                self.error(
                    Diagnostic::error(format!("field id {field_id} is used twice in `{owner}`"))
                        .at(id_span, "used again here")
                        .with_label(first, "first used here"),
                );
                continue;
            }
            if let Some(&first) = names.get(field.name.name.as_str()) {
                self.error(
                    Diagnostic::error(format!(
                        "field name `{}` is used twice in `{owner}`",
                        field.name.name
                    ))
                    .at(field.name.span, "used again here")
                    .with_label(first, "first used here"),
                );
                continue;
            }
            ids.insert(field_id, id_span);
            names.insert(&field.name.name, field.name.span);
            let requiredness = self.requiredness(field, list, owner);
            let Some(ty) = self.resolve_type(id, &field.ty) else {
                continue;
            };
            out.push(model::Field {
                id: field_id,
                explicit_id,
                name: field.name.name.clone(),
                doc: doc(&field.doc),
                ty,
                requiredness,
                reference: field.reference,
                default: None,
                annotations: annotations(&field.annotations),
                span: field.span,
            });
        }
        out
    }

    fn field_id(&mut self, field: &ast::Field, next_auto: &mut i32) -> (i32, bool) {
        let mut auto = || {
            let id = *next_auto;
            *next_auto = next_auto.saturating_sub(1);
            id
        };
        match field.id {
            None => {
                self.error(
                    Diagnostic::warning(format!("no field id for `{}`", field.name.name))
                        .at(field.name.span, "the id is assigned automatically")
                        .with_note(
                            "automatic ids count down from -1; they change when fields are added, which breaks compatibility",
                        ),
                );
                (auto(), false)
            }
            Some((n, span)) if n <= 0 => {
                self.error(
                    Diagnostic::warning(format!("field id {n} is not positive"))
                        .at(span, "replaced by an automatic id")
                        .with_note("field ids should be positive; the reference compiler replaces this one too"),
                );
                (auto(), false)
            }
            Some((n, span)) => match i32::try_from(n) {
                Ok(n) => {
                    if n > i32::from(i16::MAX) {
                        self.error(
                            Diagnostic::warning(format!("field id {n} exceeds the allowed range"))
                                .at(span, "field ids are 16-bit on the wire (1..=32767)"),
                        );
                    }
                    (n, true)
                }
                Err(_) => {
                    self.error(
                        Diagnostic::error(format!("field id {n} is out of range"))
                            .at(span, "field ids are 16-bit on the wire (1..=32767)"),
                    );
                    (auto(), false)
                }
            },
        }
    }

    fn requiredness(&mut self, field: &ast::Field, list: FieldList, owner: &str) -> Requiredness {
        let span = field.requiredness_span.unwrap_or(field.name.span);
        match (list, field.requiredness) {
            (FieldList::Union, written) => {
                if written == Written::Required {
                    self.error(
                        Diagnostic::warning(format!(
                            "union `{owner}` member `{}` cannot be required",
                            field.name.name
                        ))
                        .at(span, "ignored: union members are always optional"),
                    );
                }
                Requiredness::Optional
            }
            (FieldList::Args, Written::Optional) => {
                self.error(
                    Diagnostic::warning(format!(
                        "argument `{}` of `{owner}` cannot be optional",
                        field.name.name
                    ))
                    .at(span, "ignored for function arguments"),
                );
                Requiredness::Default
            }
            (FieldList::Throws, Written::Required) => {
                self.error(
                    Diagnostic::warning(format!(
                        "exception `{}` of `{owner}` cannot be required",
                        field.name.name
                    ))
                    .at(span, "ignored for throws lists"),
                );
                Requiredness::Default
            }
            (_, Written::Required) => Requiredness::Required,
            (_, Written::Optional) => Requiredness::Optional,
            (_, Written::Default) => Requiredness::Default,
        }
    }

    /// Types the default values of every struct field of file `id`.
    pub(crate) fn field_defaults(&mut self, id: FileId, document: &ast::Document) {
        for definition in &document.definitions {
            let ast::Definition::Struct(def) = definition else {
                continue;
            };
            if !self.tables[id.0 as usize].owns(definition) {
                continue;
            }
            for field in &def.fields {
                let Some(value) = &field.default else {
                    continue;
                };
                let target = DefRef {
                    file: id,
                    name: def.name.name.clone(),
                };
                let Some(ty) = self
                    .get_struct(&target)
                    .and_then(|s| s.fields.iter().find(|f| f.name == field.name.name))
                    .map(|f| f.ty.clone())
                else {
                    continue;
                };
                let site = UseSite::new(value.span, "default value");
                let Some(typed) = self.check_value(site, &ty, value) else {
                    continue;
                };
                let Some(index) = self.struct_position(&target) else {
                    continue;
                };
                if let Some(model_field) = self.file_mut(id).structs[index]
                    .fields
                    .iter_mut()
                    .find(|f| f.name == field.name.name)
                {
                    model_field.default = Some(typed);
                }
            }
        }
    }
}
