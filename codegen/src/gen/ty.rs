//! Spelling IDL type references as Rust types.
//!
//! Base types map to `bool`, `i8`..`i64`, `f64`, `String`, `Bytes` (binary)
//! and `Uuid`; lists to `Vec`; typedefs to their alias; definitions to their
//! (relative) path. Sets and maps depend on their key type:
//!
//! * a key whose Rust form is `Hash + Eq` gives `HashSet` / `HashMap`;
//! * otherwise (a struct with a `double` or a map inside) `VecSet` / `VecMap`,
//!   which keep the entries in wire order.
//!
//! Inside a set element or map key ("key form") a `double` becomes
//! `OrderedF64`, and nested sets and maps become `BTreeSet` / `BTreeMap`
//! (which are `Hash + Eq + Ord` when their contents are), falling back to
//! `VecSet` / `VecMap`. A typedef in key position is expanded when its key form
//! differs from the alias.

use proc_macro2::TokenStream;
use quote::quote;
use trift_idl::model::{BaseType, NamedKind, Type, TypeRef};

use super::Ctx;

/// The Rust type of a value of IDL type `ty`.
pub(crate) fn rust_type(ctx: &Ctx<'_>, ty: &TypeRef) -> TokenStream {
    render(ctx, ty, false)
}

/// Whether the key form of `ty` differs from its normal form.
fn needs_key_form(ctx: &Ctx<'_>, ty: &TypeRef) -> bool {
    match &ctx.lookup.true_type(ty).ty {
        Type::Base { base } => *base == BaseType::Double,
        Type::List { elem, .. } => needs_key_form(ctx, elem),
        Type::Set { .. } | Type::Map { .. } => true,
        Type::Named { .. } => false,
    }
}

fn render(ctx: &Ctx<'_>, ty: &TypeRef, key: bool) -> TokenStream {
    match &ty.ty {
        Type::Base { base } => match base {
            BaseType::Bool => quote!(bool),
            BaseType::I8 => quote!(i8),
            BaseType::I16 => quote!(i16),
            BaseType::I32 => quote!(i32),
            BaseType::I64 => quote!(i64),
            BaseType::Double if key => quote!(__codegen::OrderedF64),
            BaseType::Double => quote!(f64),
            BaseType::String => quote!(__codegen::String),
            BaseType::Binary => quote!(__codegen::Bytes),
            BaseType::Uuid => quote!(__codegen::Uuid),
        },
        Type::List { elem, .. } => {
            let elem = render(ctx, elem, key);
            quote!(__codegen::Vec<#elem>)
        }
        Type::Set { elem, .. } => {
            let traits = ctx.analysis.of_type(ctx.lookup, elem, true);
            let elem = render(ctx, elem, true);
            if key && traits.ord {
                quote!(__codegen::BTreeSet<#elem>)
            } else if !key && traits.eq && traits.hash {
                quote!(__codegen::HashSet<#elem>)
            } else {
                quote!(__codegen::VecSet<#elem>)
            }
        }
        Type::Map {
            key: key_ty, value, ..
        } => {
            let traits = ctx.analysis.of_type(ctx.lookup, key_ty, true);
            let key_tokens = render(ctx, key_ty, true);
            let value = render(ctx, value, key);
            if key && traits.ord {
                quote!(__codegen::BTreeMap<#key_tokens, #value>)
            } else if !key && traits.eq && traits.hash {
                quote!(__codegen::HashMap<#key_tokens, #value>)
            } else {
                quote!(__codegen::VecMap<#key_tokens, #value>)
            }
        }
        Type::Named {
            def: NamedKind::Typedef,
            target,
        } => {
            if key && needs_key_form(ctx, ty) {
                let resolved = ctx.lookup.true_type(ty);
                if !std::ptr::eq(resolved, ty) {
                    return render(ctx, resolved, true);
                }
            }
            ctx.def_path(target)
        }
        Type::Named { target, .. } => ctx.def_path(target),
    }
}

/// The wire type of `ty`, as a `TType` path.
pub(crate) fn ttype(ctx: &Ctx<'_>, ty: &TypeRef) -> TokenStream {
    let variant = match &ctx.lookup.true_type(ty).ty {
        Type::Base { base } => match base {
            BaseType::Bool => quote!(Bool),
            BaseType::I8 => quote!(I8),
            BaseType::I16 => quote!(I16),
            BaseType::I32 => quote!(I32),
            BaseType::I64 => quote!(I64),
            BaseType::Double => quote!(Double),
            BaseType::String | BaseType::Binary => quote!(String),
            BaseType::Uuid => quote!(Uuid),
        },
        Type::List { .. } => quote!(List),
        Type::Set { .. } => quote!(Set),
        Type::Map { .. } => quote!(Map),
        Type::Named {
            def: NamedKind::Enum,
            ..
        } => quote!(I32),
        Type::Named { .. } => quote!(Struct),
    };
    quote!(__codegen::TType::#variant)
}
