//! Facts about a field's IDL default value: whether it is what
//! `Default::default()` gives anyway (so `Default` can be derived), and
//! whether building it allocates (so a decoder builds it only when the field
//! did not arrive).

use trift_idl::model::{BaseType, ConstValue, StructKind, Type, TypeRef};

use crate::analysis::Analysis;
use crate::lookup::Lookup;

/// Deeper struct defaults count as allocating rather than being followed.
const MAX_DEPTH: usize = 16;

/// Whether a field of type `ty` (an `Option` when `optional`) starting at
/// `value` starts at what `Default::default()` gives anyway.
pub(crate) fn is_trivial(
    lookup: &Lookup<'_>,
    ty: &TypeRef,
    value: &ConstValue,
    optional: bool,
) -> bool {
    if optional {
        return false;
    }
    let resolved = &lookup.true_type(ty).ty;
    match value {
        ConstValue::Bool(false) | ConstValue::Int(0) => !matches!(resolved, Type::Named { .. }),
        ConstValue::Double(d) => *d == 0.0 && d.is_sign_positive(),
        ConstValue::String(s) => s.is_empty(),
        ConstValue::List(v) | ConstValue::Set(v) => v.is_empty(),
        ConstValue::Map(v) => v.is_empty(),
        _ => false,
    }
}

/// Whether the expression built for `value` of type `ty` allocates (a
/// non-empty string or container, a struct holding one or a boxed field).
pub(crate) fn allocates(
    lookup: &Lookup<'_>,
    analysis: &Analysis,
    ty: &TypeRef,
    value: &ConstValue,
) -> bool {
    allocates_at(lookup, analysis, ty, value, 0)
}

fn allocates_at(
    lookup: &Lookup<'_>,
    analysis: &Analysis,
    ty: &TypeRef,
    value: &ConstValue,
    depth: usize,
) -> bool {
    if depth > MAX_DEPTH {
        return true;
    }
    match (&lookup.true_type(ty).ty, value) {
        (
            Type::Base {
                base: BaseType::Binary,
            },
            _,
        ) => false,
        (_, ConstValue::String(text)) => !text.is_empty(),
        (_, ConstValue::List(items) | ConstValue::Set(items)) => !items.is_empty(),
        (_, ConstValue::Map(entries)) => !entries.is_empty(),
        (Type::Named { target, .. }, ConstValue::Struct { fields, .. }) => {
            let Some(def) = lookup.find_struct(target) else {
                return true;
            };
            def.fields.iter().enumerate().any(|(index, field)| {
                let given = fields
                    .iter()
                    .find(|(name, _)| *name == field.name)
                    .map(|(_, v)| v);
                let value = given.or(field.default.as_ref());
                let unions_arm = def.kind == StructKind::Union && given.is_none();
                !unions_arm
                    && (value
                        .is_some_and(|v| allocates_at(lookup, analysis, &field.ty, v, depth + 1))
                        || (value.is_some() && analysis.is_boxed(target, index)))
            })
        }
        _ => false,
    }
}
