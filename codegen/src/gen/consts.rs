//! Constants and default values: typed IDL values as Rust expressions.
//!
//! Scalars (bool, integers, double, enum members, uuid) and strings/binary
//! become `pub const`s; lists, sets, maps, structs and unions become
//! `pub static`s built on first use through `LazyLock`. Field defaults use the
//! same value expressions, so `struct S { 1: list<i32> l = [1, 2] }` and
//! `const list<i32> L = [1, 2]` build the same value.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use trift_idl::model::{BaseType, Const, ConstValue, DefRef, NamedKind, StructKind, Type, TypeRef};

use super::{Ctx, doc, ty};
use crate::ident;
use crate::plan::{FieldDefault, FieldPlan};

/// `pub const` or `pub static` for one IDL constant.
pub(crate) fn constant(ctx: &Ctx<'_>, def: &DefRef, constant: &Const) -> TokenStream {
    let name = ident::ident(ctx.names.const_name(def));
    let docs = doc(constant.doc.as_deref());
    let resolved = ctx.lookup.true_type(&constant.ty);
    match &resolved.ty {
        Type::Base {
            base: BaseType::String,
        } => {
            let text = string_of(&constant.value);
            quote!(#docs pub const #name: &str = #text;)
        }
        Type::Base {
            base: BaseType::Binary,
        } => {
            let bytes = Literal::byte_string(string_of(&constant.value).as_bytes());
            quote!(#docs pub const #name: &[u8] = #bytes;)
        }
        Type::Base { .. }
        | Type::Named {
            def: NamedKind::Enum,
            ..
        } => {
            let rust_type = ty::rust_type(ctx, &constant.ty);
            let value = value(ctx, &constant.ty, &constant.value, false);
            quote!(#docs pub const #name: #rust_type = #value;)
        }
        _ => {
            let rust_type = ty::rust_type(ctx, &constant.ty);
            let value = value(ctx, &constant.ty, &constant.value, false);
            let default = quote!(__codegen::Default::default());
            let init = if value.to_string() == default.to_string() {
                quote!(__codegen::Default::default)
            } else {
                quote!(|| #value)
            };
            quote! {
                #docs
                pub static #name: __codegen::LazyLock<#rust_type> = __codegen::LazyLock::new(#init);
            }
        }
    }
}

fn string_of(value: &ConstValue) -> String {
    match value {
        ConstValue::String(text) | ConstValue::Uuid(text) => text.clone(),
        _ => String::new(),
    }
}

/// An integer literal, negative ones as a negation (never a negative token).
pub(crate) fn int_literal(value: i64) -> TokenStream {
    let magnitude = Literal::u64_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote!(-#magnitude)
    } else {
        quote!(#magnitude)
    }
}

fn double_literal(value: f64) -> TokenStream {
    if value.is_nan() {
        quote!(f64::NAN)
    } else if value == f64::INFINITY {
        quote!(f64::INFINITY)
    } else if value == f64::NEG_INFINITY {
        quote!(f64::NEG_INFINITY)
    } else {
        let magnitude = Literal::f64_unsuffixed(value.abs());
        if value.is_sign_negative() {
            quote!(-#magnitude)
        } else {
            quote!(#magnitude)
        }
    }
}

/// A uuid's 128-bit value from its text form (hyphens and braces allowed).
fn uuid_value(text: &str) -> u128 {
    let hex: String = text.chars().filter(char::is_ascii_hexdigit).collect();
    u128::from_str_radix(&hex, 16).unwrap_or(0)
}

/// An expression of the Rust type for `ty` (key form when `key`) holding `value`.
pub(crate) fn value(ctx: &Ctx<'_>, ty: &TypeRef, value: &ConstValue, key: bool) -> TokenStream {
    let resolved = ctx.lookup.true_type(ty);
    match (&resolved.ty, value) {
        (
            Type::Base {
                base: BaseType::Bool,
            },
            ConstValue::Bool(b),
        ) => quote!(#b),
        (
            Type::Base {
                base: BaseType::Bool,
            },
            ConstValue::Int(i),
        ) => {
            let b = *i != 0;
            quote!(#b)
        }
        (
            Type::Base {
                base: BaseType::Double,
            },
            ConstValue::Double(_) | ConstValue::Int(_),
        ) => {
            let number = match value {
                ConstValue::Double(d) => *d,
                ConstValue::Int(i) => *i as f64,
                _ => 0.0,
            };
            let literal = double_literal(number);
            if key {
                quote!(__codegen::OrderedF64(#literal))
            } else {
                literal
            }
        }
        (Type::Base { .. }, ConstValue::Int(i)) => int_literal(*i),
        (
            Type::Base {
                base: BaseType::Binary,
            },
            _,
        ) => {
            let bytes = Literal::byte_string(string_of(value).as_bytes());
            quote!(__codegen::Bytes::from_static(#bytes))
        }
        (
            Type::Base {
                base: BaseType::Uuid,
            },
            _,
        ) => {
            let bits = Literal::u128_unsuffixed(uuid_value(&string_of(value)));
            quote!(__codegen::Uuid::from_u128(#bits))
        }
        (Type::Base { .. }, _) => {
            let text = string_of(value);
            quote!(__codegen::String::from(#text))
        }
        (
            Type::Named {
                def: NamedKind::Enum,
                target,
            },
            _,
        ) => enum_value(ctx, target, value),
        (Type::List { elem, .. }, ConstValue::List(items) | ConstValue::Set(items)) => {
            let items = items.iter().map(|item| self::value(ctx, elem, item, key));
            collection(quote!(#(#items),*))
        }
        (Type::Set { elem, .. }, ConstValue::List(items) | ConstValue::Set(items)) => {
            let items = items.iter().map(|item| self::value(ctx, elem, item, true));
            collection(quote!(#(#items),*))
        }
        (
            Type::Map {
                key: key_ty,
                value: value_ty,
                ..
            },
            ConstValue::Map(entries),
        ) => {
            let entries = entries.iter().map(|(k, v)| {
                let k = self::value(ctx, key_ty, k, true);
                let v = self::value(ctx, value_ty, v, key);
                quote!((#k, #v))
            });
            collection(quote!(#(#entries),*))
        }
        (Type::Named { target, .. }, ConstValue::Struct { fields, .. }) => {
            struct_value(ctx, target, fields)
        }
        _ => quote!(__codegen::Default::default()),
    }
}

fn collection(items: TokenStream) -> TokenStream {
    if items.is_empty() {
        quote!(__codegen::Default::default())
    } else {
        quote!(__codegen::FromIterator::from_iter([#items]))
    }
}

fn enum_value(ctx: &Ctx<'_>, target: &DefRef, value: &ConstValue) -> TokenStream {
    let path = ctx.def_path(target);
    let number = match value {
        ConstValue::Enum { value, .. } => *value,
        ConstValue::Int(i) => i32::try_from(*i).unwrap_or(0),
        _ => 0,
    };
    let member = ctx
        .lookup
        .find_enum(target)
        .and_then(|e| e.values.iter().position(|v| v.value == number));
    match member {
        Some(index) if !ctx.analysis.is_extern(target) => {
            let member = ident::ident(ctx.names.member(target, index));
            quote!(#path::#member)
        }
        _ => {
            let literal = int_literal(i64::from(number));
            quote!(#path(#literal))
        }
    }
}

fn struct_value(ctx: &Ctx<'_>, target: &DefRef, given: &[(String, ConstValue)]) -> TokenStream {
    let path = ctx.def_path(target);
    let Some(plan) = ctx.plan.strukt(target) else {
        return quote!(__codegen::Default::default());
    };
    if plan.strukt.kind == StructKind::Union {
        for (index, field) in plan.fields.iter().enumerate() {
            if let Some((_, v)) = given.iter().find(|(name, _)| *name == field.field.name) {
                let variant = ident::ident(ctx.names.field(target, index));
                let mut inner = value(ctx, &field.field.ty, v, false);
                if field.boxed {
                    inner = quote!(__codegen::Box::new(#inner));
                }
                return quote!(#path::#variant(#inner));
            }
        }
        let unknown = ident::ident(ctx.names.unknown_variant(target));
        return quote!(#path::#unknown);
    }
    let fields = plan.fields.iter().enumerate().map(|(index, field)| {
        let name = ident::ident(ctx.names.field(target, index));
        let expr = match given.iter().find(|(n, _)| *n == field.field.name) {
            Some((_, v)) => wrap(field, value(ctx, &field.field.ty, v, false)),
            None => field_default(ctx, field),
        };
        quote!(#name: #expr)
    });
    quote!(#path { #(#fields),* })
}

/// Wraps a value of a field's IDL type in the field's `Box` and `Option`.
fn wrap(field: &FieldPlan<'_>, mut expr: TokenStream) -> TokenStream {
    if field.boxed {
        expr = quote!(__codegen::Box::new(#expr));
    }
    if field.optional {
        expr = quote!(__codegen::Some(#expr));
    }
    expr
}

/// The initial value of a struct field, as the plan decided it: its IDL
/// default, or `None` for an `Option` field, or the type's `Default`.
pub(crate) fn field_default(ctx: &Ctx<'_>, field: &FieldPlan<'_>) -> TokenStream {
    match &field.default {
        FieldDefault::Value { value: default, .. } => {
            wrap(field, value(ctx, &field.field.ty, default, false))
        }
        FieldDefault::None => quote!(__codegen::None),
        FieldDefault::TypeDefault => quote!(__codegen::Default::default()),
    }
}
