//! Constants and default values: each literal is checked against its declared
//! type (through typedefs, recursively into containers and struct literals)
//! and turned into a typed [`ConstValue`].
//!
//! Identifiers name enum values (`Enum.VALUE`, `include.Enum.VALUE`) or
//! constants defined above the use (locally, or in any file included under
//! the prefix), as in the reference; see [`super::order`].

use super::Resolver;
use super::doc;
use super::order::UseSite;
use crate::ast::{self, BaseType, ConstKind};
use crate::diagnostic::Diagnostic;
use crate::model::{self, ConstValue, DefRef, NamedKind, Type, TypeRef};
use crate::span::{FileId, Span};

/// What a constant or enum value name refers to, seen from a use site.
pub(crate) enum ValueLookup {
    /// A constant's value or an enum value.
    Found(ConstValue),
    /// Defined in the site's file, but below the site: `what` (e.g.
    /// "constant `B`") is defined at `defined`.
    Later { what: String, defined: Span },
    /// Defined, but the definition had errors (already reported).
    Broken,
    /// Nothing by that name.
    Missing,
}

fn describe(value: &ast::ConstValue) -> &'static str {
    match value.kind {
        ConstKind::Int(_) => "an integer",
        ConstKind::Double(_) => "a floating-point number",
        ConstKind::String(_) => "a string",
        ConstKind::Ident(_) => "an identifier",
        ConstKind::List(_) => "a list",
        ConstKind::Map(_) => "a map",
    }
}

fn type_name(ty: &Type) -> String {
    match ty {
        Type::Base { base } => base.name().to_owned(),
        Type::List { .. } => "list".to_owned(),
        Type::Set { .. } => "set".to_owned(),
        Type::Map { .. } => "map".to_owned(),
        Type::Named { target, .. } => format!("`{}`", target.name),
    }
}

fn is_uuid(text: &str) -> bool {
    let text = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or(text);
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn int_range(base: BaseType) -> Option<(i64, i64)> {
    match base {
        BaseType::I8 => Some((i64::from(i8::MIN), i64::from(i8::MAX))),
        BaseType::I16 => Some((i64::from(i16::MIN), i64::from(i16::MAX))),
        BaseType::I32 => Some((i64::from(i32::MIN), i64::from(i32::MAX))),
        BaseType::I64 => Some((i64::MIN, i64::MAX)),
        _ => None,
    }
}

impl Resolver<'_> {
    pub(crate) fn const_def(&mut self, id: FileId, def: &ast::ConstDef) {
        let Some(ty) = self.resolve_type(id, &def.ty) else {
            return;
        };
        let site = UseSite::new(def.name.span, "constant");
        let Some(value) = self.check_value(site, &ty, &def.value) else {
            return;
        };
        let constant = model::Const {
            name: def.name.name.clone(),
            doc: doc(&def.doc),
            ty,
            value,
            span: def.span,
        };
        self.push_const(id, constant);
    }

    fn mismatch(&mut self, ty: &Type, value: &ast::ConstValue) {
        self.error(
            Diagnostic::error(format!(
                "type mismatch: expected a value of type {}, found {}",
                type_name(ty),
                describe(value)
            ))
            .at(value.span, format!("not a {}", type_name(ty))),
        );
    }

    /// Checks `value`, written at `site`, against `ty`; `None` after
    /// reporting a problem. Recursion follows the value's nesting, which the
    /// parser bounds.
    pub(crate) fn check_value(
        &mut self,
        site: UseSite,
        ty: &TypeRef,
        value: &ast::ConstValue,
    ) -> Option<ConstValue> {
        let ty = self.true_type_at(site, ty)?.ty;
        if let ConstKind::Ident(name) = &value.kind
            && !matches!(
                ty,
                Type::Named {
                    def: NamedKind::Enum,
                    ..
                }
            )
        {
            let found = match self.lookup_value(site, name) {
                ValueLookup::Found(found) => found,
                ValueLookup::Later { what, defined } => {
                    self.value_defined_later(&what, value.span, site, defined);
                    return None;
                }
                ValueLookup::Broken => return None,
                ValueLookup::Missing => {
                    let prefix = name.split('.').next().unwrap_or(name);
                    let file = site.span.file;
                    if !self.tables[file.0 as usize]
                        .failed_includes
                        .contains(prefix)
                    {
                        self.unknown_identifier(name, value);
                    }
                    return None;
                }
            };
            return self.coerce(&ty, found, value);
        }
        match &ty {
            Type::Base { base } => self.check_base(*base, &ty, value),
            Type::Named {
                def: NamedKind::Enum,
                target,
            } => self.check_enum(site, target, value),
            Type::Named { target, .. } => self.check_struct(site, target, value),
            Type::List { elem, .. } | Type::Set { elem, .. } => {
                let items = match &value.kind {
                    ConstKind::List(items) => items.as_slice(),
                    ConstKind::Map(entries) if entries.is_empty() => &[],
                    _ => {
                        self.mismatch(&ty, value);
                        return None;
                    }
                };
                let mut out = Vec::with_capacity(items.len());
                let mut ok = true;
                for item in items {
                    match self.check_value(site, elem, item) {
                        Some(v) => out.push(v),
                        None => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                Some(match ty {
                    Type::Set { .. } => ConstValue::Set(out),
                    _ => ConstValue::List(out),
                })
            }
            Type::Map {
                key, value: val, ..
            } => {
                let entries = match &value.kind {
                    ConstKind::Map(entries) => entries.as_slice(),
                    ConstKind::List(items) if items.is_empty() => &[],
                    _ => {
                        self.mismatch(&ty, value);
                        return None;
                    }
                };
                let mut out = Vec::with_capacity(entries.len());
                let mut ok = true;
                for (k, v) in entries {
                    let k = self.check_value(site, key, k);
                    let v = self.check_value(site, val, v);
                    match (k, v) {
                        (Some(k), Some(v)) => out.push((k, v)),
                        _ => ok = false,
                    }
                }
                ok.then_some(ConstValue::Map(out))
            }
        }
    }

    fn unknown_identifier(&mut self, name: &str, value: &ast::ConstValue) {
        self.error(
            Diagnostic::error(format!("unknown identifier `{name}`"))
                .at(value.span, "no constant or enum value has this name")
                .with_note(
                    "constants must be defined before use; enum values are written `Enum.VALUE`",
                ),
        );
    }

    fn check_base(
        &mut self,
        base: BaseType,
        ty: &Type,
        value: &ast::ConstValue,
    ) -> Option<ConstValue> {
        match (base, &value.kind) {
            (BaseType::String | BaseType::Binary, ConstKind::String(s)) => {
                Some(ConstValue::String(s.clone()))
            }
            (BaseType::Uuid, ConstKind::String(s)) => {
                if is_uuid(s) {
                    Some(ConstValue::Uuid(s.clone()))
                } else {
                    self.error(Diagnostic::error(format!("`{s}` is not a valid uuid")).at(
                        value.span,
                        "expected the form 00000000-0000-0000-0000-000000000000",
                    ));
                    None
                }
            }
            (BaseType::Bool, ConstKind::Int(i)) => Some(ConstValue::Bool(*i != 0)),
            (BaseType::Double, ConstKind::Int(i)) => Some(ConstValue::Double(*i as f64)),
            (BaseType::Double, ConstKind::Double(d)) => Some(ConstValue::Double(*d)),
            (_, ConstKind::Int(i)) if int_range(base).is_some() => {
                if let Some((min, max)) = int_range(base)
                    && (*i < min || *i > max)
                {
                    // The reference compiler does not check this, but no
                    // generator can represent the value: trift is stricter.
                    self.error(
                        Diagnostic::error(format!("{i} is out of range for {}", base.name()))
                            .at(value.span, format!("{} holds {min}..={max}", base.name())),
                    );
                    return None;
                }
                if base == BaseType::I64 && i32::try_from(*i).is_err() {
                    self.error(
                        Diagnostic::warning(format!(
                            "64-bit constant {i} may not work in all languages"
                        ))
                        .at(value.span, "outside the 32-bit range"),
                    );
                }
                Some(ConstValue::Int(*i))
            }
            _ => {
                self.mismatch(ty, value);
                None
            }
        }
    }

    /// Makes a value found by name fit the expected type.
    fn coerce(
        &mut self,
        ty: &Type,
        found: ConstValue,
        value: &ast::ConstValue,
    ) -> Option<ConstValue> {
        let fits = match (ty, &found) {
            (Type::Base { base }, ConstValue::Enum { value: v, .. })
                if int_range(*base).is_some() =>
            {
                return Some(ConstValue::Int(i64::from(*v)));
            }
            (
                Type::Base {
                    base: BaseType::Double,
                },
                ConstValue::Int(i),
            ) => {
                return Some(ConstValue::Double(*i as f64));
            }
            (
                Type::Base {
                    base: BaseType::Bool,
                },
                ConstValue::Int(i),
            ) => {
                return Some(ConstValue::Bool(*i != 0));
            }
            (Type::Base { base }, ConstValue::Int(_)) => int_range(*base).is_some(),
            (
                Type::Base {
                    base: BaseType::Bool,
                },
                ConstValue::Bool(_),
            ) => true,
            (
                Type::Base {
                    base: BaseType::Double,
                },
                ConstValue::Double(_),
            ) => true,
            (
                Type::Base {
                    base: BaseType::String | BaseType::Binary,
                },
                ConstValue::String(_),
            ) => true,
            (
                Type::Base {
                    base: BaseType::Uuid,
                },
                ConstValue::Uuid(_),
            ) => true,
            (Type::List { .. } | Type::Set { .. }, ConstValue::List(_) | ConstValue::Set(_)) => {
                true
            }
            (Type::Map { .. }, ConstValue::Map(_)) => true,
            (Type::Named { target, .. }, ConstValue::Struct { target: t, .. }) => target == t,
            _ => false,
        };
        if fits {
            return Some(found);
        }
        self.error(
            Diagnostic::error(format!(
                "type mismatch: the constant named here is not a {}",
                type_name(ty)
            ))
            .at(
                value.span,
                format!("expected a value of type {}", type_name(ty)),
            ),
        );
        None
    }

    /// What the constant or enum value `name` is, as seen from `site`:
    /// `C` (a constant of the site's file), `E.V` (an enum value of the
    /// site's file, or constant `V` of a file included as `E`) or `inc.E.V`.
    pub(crate) fn lookup_value(&self, site: UseSite, name: &str) -> ValueLookup {
        let id = site.span.file;
        let table = &self.tables[id.0 as usize];
        let parts: Vec<&str> = name.split('.').collect();
        match parts.as_slice() {
            [one] => {
                let Some(&defined) = table.consts.get(*one) else {
                    return ValueLookup::Missing;
                };
                if !defined.ends_before(site.span.start) {
                    return ValueLookup::Later {
                        what: format!("constant `{one}`"),
                        defined: defined.name,
                    };
                }
                self.const_value(id, one)
            }
            [a, b] => {
                if let Some(value) = self.enum_value(id, a, b) {
                    let defined = table.types.get(*a).map(|&(_, d)| d);
                    if let Some(defined) = defined
                        && !defined.ends_before(site.span.start)
                    {
                        return ValueLookup::Later {
                            what: format!("enum `{a}`"),
                            defined: defined.name,
                        };
                    }
                    return ValueLookup::Found(value);
                }
                for &file in table.included_as(a).iter().rev() {
                    if self.tables[file.0 as usize].consts.contains_key(*b) {
                        return self.const_value(file, b);
                    }
                }
                ValueLookup::Missing
            }
            [a, b, c] => table
                .included_as(a)
                .iter()
                .rev()
                .find_map(|&file| self.enum_value(file, b, c))
                .map_or(ValueLookup::Missing, ValueLookup::Found),
            _ => ValueLookup::Missing,
        }
    }

    /// The value of constant `name` of `file`, which its table defines.
    fn const_value(&self, file: FileId, name: &str) -> ValueLookup {
        match self.get_const(file, name) {
            Some(constant) => ValueLookup::Found(constant.value.clone()),
            None => ValueLookup::Broken,
        }
    }

    /// Member `member` of enum `enum_name` of `file`, as a value.
    fn enum_value(&self, file: FileId, enum_name: &str, member: &str) -> Option<ConstValue> {
        let e = self.get_enum(file, enum_name)?;
        let v = e.values.iter().find(|v| v.name == member)?;
        Some(ConstValue::Enum {
            target: DefRef {
                file,
                name: e.name.clone(),
            },
            name: v.name.clone(),
            value: v.value,
        })
    }

    fn check_enum(
        &mut self,
        site: UseSite,
        target: &DefRef,
        value: &ast::ConstValue,
    ) -> Option<ConstValue> {
        let model_enum = self.get_enum(target.file, &target.name)?;
        let members: Vec<(String, i32)> = model_enum
            .values
            .iter()
            .map(|v| (v.name.clone(), v.value))
            .collect();
        let member = match &value.kind {
            ConstKind::Ident(name) if !name.contains('.') => {
                let mut d = Diagnostic::error(format!("enum value `{name}` is not qualified"))
                    .at(value.span, format!("write `{}.{name}`", target.name))
                    .with_note("enum values in constants are written `Enum.VALUE`");
                if self.get_const(site.span.file, name).is_some() {
                    d = Diagnostic::error(format!("`{name}` is a constant, not an enum value"))
                        .at(value.span, format!("write the value, e.g. `{}.VALUE`", target.name))
                        .with_note("as in the reference compiler, an enum-typed value must name an enum member");
                }
                self.error(d);
                return None;
            }
            ConstKind::Ident(name) => {
                let last = name.rsplit('.').next().unwrap_or(name);
                match members.iter().find(|(name, _)| name == last) {
                    Some(member) => Some(member),
                    None => {
                        if let ValueLookup::Found(found @ ConstValue::Enum { .. }) =
                            self.lookup_value(site, name)
                            && matches!(&found, ConstValue::Enum { target: t, .. } if t == target)
                        {
                            return Some(found);
                        }
                        None
                    }
                }
            }
            ConstKind::Int(i) => members.iter().find(|(_, v)| i64::from(*v) == *i),
            _ => {
                self.mismatch(
                    &Type::Named {
                        def: NamedKind::Enum,
                        target: target.clone(),
                    },
                    value,
                );
                return None;
            }
        };
        match member {
            Some((name, number)) => Some(ConstValue::Enum {
                target: target.clone(),
                name: name.clone(),
                value: *number,
            }),
            None => {
                self.error(
                    Diagnostic::error(format!(
                        "`{}` is not a value of enum `{}`",
                        self.sources.text(value.span),
                        target.name
                    ))
                    .at(value.span, "unknown enum value")
                    .with_note(format!(
                        "the values are: {}",
                        members
                            .iter()
                            .map(|(name, _)| name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                );
                None
            }
        }
    }

    fn check_struct(
        &mut self,
        site: UseSite,
        target: &DefRef,
        value: &ast::ConstValue,
    ) -> Option<ConstValue> {
        self.get_struct(target)?;
        let ConstKind::Map(entries) = &value.kind else {
            self.mismatch(
                &Type::Named {
                    def: NamedKind::Struct,
                    target: target.clone(),
                },
                value,
            );
            return None;
        };
        let mut out = Vec::with_capacity(entries.len());
        let mut ok = true;
        for (key, field_value) in entries {
            let ConstKind::String(field_name) = &key.kind else {
                self.error(
                    Diagnostic::error(format!(
                        "struct literal keys must be field names in quotes, found {}",
                        describe(key)
                    ))
                    .at(key.span, "expected a string"),
                );
                ok = false;
                continue;
            };
            let field_ty = self
                .get_struct(target)
                .and_then(|s| s.fields.iter().find(|f| f.name == *field_name))
                .map(|f| f.ty.clone());
            let Some(field_ty) = field_ty else {
                self.error(
                    Diagnostic::error(format!(
                        "`{}` has no field named `{field_name}`",
                        target.name
                    ))
                    .at(key.span, "unknown field"),
                );
                ok = false;
                continue;
            };
            match self.check_value(site, &field_ty, field_value) {
                Some(v) => out.push((field_name.clone(), v)),
                None => ok = false,
            }
        }
        ok.then(|| ConstValue::Struct {
            target: target.clone(),
            fields: out,
        })
    }
}
