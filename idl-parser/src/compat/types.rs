//! Comparing two types on the wire: typedefs are followed on both sides,
//! containers compared element by element, and named structs and enums are
//! paired (so their own changes are reported once, where they are defined)
//! rather than compared by name.

use super::checker::{Checker, PairKind, Via};
use crate::model::{BaseType, Model, NamedKind, Type, TypeRef};

/// How far apart two types are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum TypeDiff {
    /// The same type (named types paired; their own changes are reported separately).
    Same,
    /// Another type with the same encoding (an enum and `i32`).
    Compatible,
    /// Another encoding.
    Different,
}

impl Checker<'_> {
    /// Compares an old and a new type; pairs named types reached through `via`.
    pub(super) fn compare_types(&mut self, old: &TypeRef, new: &TypeRef, via: &Via) -> TypeDiff {
        let old = &self.old.model.true_type(old).ty;
        let new = &self.new.model.true_type(new).ty;
        match (old, new) {
            (Type::Base { base: a }, Type::Base { base: b }) => base_diff(*a, *b),
            (Type::List { elem: a, .. }, Type::List { elem: b, .. })
            | (Type::Set { elem: a, .. }, Type::Set { elem: b, .. }) => {
                self.compare_types(a, b, via)
            }
            (
                Type::Map {
                    key: ka, value: va, ..
                },
                Type::Map {
                    key: kb, value: vb, ..
                },
            ) => self
                .compare_types(ka, kb, via)
                .max(self.compare_types(va, vb, via)),
            (Type::Named { def: da, target: a }, Type::Named { def: db, target: b }) => {
                let kind = match (pair_kind(*da), pair_kind(*db)) {
                    (Some(x), Some(y)) if x == y => x,
                    _ => return TypeDiff::Different,
                };
                if !self.pairable(kind, a, b) {
                    return TypeDiff::Different;
                }
                self.pair(kind, a, b, Some(via));
                TypeDiff::Same
            }
            (
                Type::Named {
                    def: NamedKind::Enum,
                    ..
                },
                Type::Base {
                    base: BaseType::I32,
                },
            )
            | (
                Type::Base {
                    base: BaseType::I32,
                },
                Type::Named {
                    def: NamedKind::Enum,
                    ..
                },
            ) => TypeDiff::Compatible,
            _ => TypeDiff::Different,
        }
    }
}

fn pair_kind(kind: NamedKind) -> Option<PairKind> {
    match kind {
        NamedKind::Struct | NamedKind::Union | NamedKind::Exception => Some(PairKind::Struct),
        NamedKind::Enum => Some(PairKind::Enum),
        NamedKind::Typedef => None,
    }
}

/// `string` and `binary` share an encoding but are still a wire change: the
/// side that expects a `string` rejects bytes that are not UTF-8, and each
/// direction of a change has such a reader (old or new).
fn base_diff(a: BaseType, b: BaseType) -> TypeDiff {
    if a == b {
        TypeDiff::Same
    } else {
        TypeDiff::Different
    }
}

/// Whether both types are `string` or `binary` (after typedefs): the same
/// length-prefixed encoding, with a UTF-8 check on the `string` side.
pub(super) fn both_bytes(old: &Model, a: &TypeRef, new: &Model, b: &TypeRef) -> bool {
    let bytes = |t: &Type| {
        matches!(
            t,
            Type::Base {
                base: BaseType::String | BaseType::Binary
            }
        )
    };
    bytes(&old.true_type(a).ty) && bytes(&new.true_type(b).ty)
}

/// The IDL spelling of a type (typedef names kept, as written).
pub(super) fn type_name(ty: &TypeRef) -> String {
    match &ty.ty {
        Type::Base { base } => base.name().to_owned(),
        Type::List { elem, .. } => format!("list<{}>", type_name(elem)),
        Type::Set { elem, .. } => format!("set<{}>", type_name(elem)),
        Type::Map { key, value, .. } => {
            format!("map<{}, {}>", type_name(key), type_name(value))
        }
        Type::Named { target, .. } => target.name.clone(),
    }
}

/// The spelling of a type with every typedef, also inside containers,
/// replaced by the type it names (`list<Id>` gives `list<i64>`).
fn resolved_name(model: &Model, ty: &TypeRef) -> String {
    let ty = model.true_type(ty);
    match &ty.ty {
        Type::List { elem, .. } => format!("list<{}>", resolved_name(model, elem)),
        Type::Set { elem, .. } => format!("set<{}>", resolved_name(model, elem)),
        Type::Map { key, value, .. } => format!(
            "map<{}, {}>",
            resolved_name(model, key),
            resolved_name(model, value)
        ),
        Type::Base { .. } | Type::Named { .. } => type_name(ty),
    }
}

/// The spelling of a type, with what it finally is when typedefs are
/// involved (`Id` (`i64`)), so messages show the real change.
pub(super) fn describe(model: &Model, ty: &TypeRef) -> String {
    let written = type_name(ty);
    let resolved = resolved_name(model, ty);
    if written == resolved {
        format!("`{written}`")
    } else {
        format!("`{written}` (`{resolved}`)")
    }
}
