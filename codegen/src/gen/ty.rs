//! Spelling the plan's Rust types as tokens, and IDL types as `TType`s.
//!
//! The decisions (which collection, key form, `Box`, `Option`) are the
//! plan's ([`crate::plan::rust_type`]); this module only writes them down,
//! naming definitions by their path from the file being generated.

use proc_macro2::TokenStream;
use quote::quote;
use trift_idl::model::{BaseType, NamedKind, Type, TypeRef};

use super::Ctx;
use crate::plan::{Collection, RustType};

/// The tokens of `ty`, as seen from the file being generated.
pub(crate) fn spell(ctx: &Ctx<'_>, ty: &RustType<'_>) -> TokenStream {
    match ty {
        RustType::Bool => quote!(bool),
        RustType::I8 => quote!(i8),
        RustType::I16 => quote!(i16),
        RustType::I32 => quote!(i32),
        RustType::I64 => quote!(i64),
        RustType::F64 => quote!(f64),
        RustType::OrderedF64 => quote!(__codegen::OrderedF64),
        RustType::String => quote!(__codegen::String),
        RustType::Bytes => quote!(__codegen::Bytes),
        RustType::Uuid => quote!(__codegen::Uuid),
        RustType::List(elem) => {
            let elem = spell(ctx, elem);
            quote!(__codegen::Vec<#elem>)
        }
        RustType::Set(collection, elem) => {
            let elem = spell(ctx, elem);
            match collection {
                Collection::Hash => quote!(__codegen::HashSet<#elem>),
                Collection::BTree => quote!(__codegen::BTreeSet<#elem>),
                Collection::Vec => quote!(__codegen::VecSet<#elem>),
            }
        }
        RustType::Map(collection, key, value) => {
            let key = spell(ctx, key);
            let value = spell(ctx, value);
            match collection {
                Collection::Hash => quote!(__codegen::HashMap<#key, #value>),
                Collection::BTree => quote!(__codegen::BTreeMap<#key, #value>),
                Collection::Vec => quote!(__codegen::VecMap<#key, #value>),
            }
        }
        RustType::Def(def) => ctx.def_path(def),
        RustType::Boxed(inner) => {
            let inner = spell(ctx, inner);
            quote!(__codegen::Box<#inner>)
        }
        RustType::Optional(inner) => {
            let inner = spell(ctx, inner);
            quote!(__codegen::Option<#inner>)
        }
    }
}

/// The text of `ty`, as seen from the file being generated (what
/// [`spell`] writes as tokens).
pub(crate) fn spell_text(ctx: &Ctx<'_>, ty: &RustType<'_>) -> String {
    let wrap = |outer: &str, inner: &RustType<'_>| format!("{outer}<{}>", spell_text(ctx, inner));
    match ty {
        RustType::Bool => "bool".to_owned(),
        RustType::I8 => "i8".to_owned(),
        RustType::I16 => "i16".to_owned(),
        RustType::I32 => "i32".to_owned(),
        RustType::I64 => "i64".to_owned(),
        RustType::F64 => "f64".to_owned(),
        RustType::OrderedF64 => "__codegen::OrderedF64".to_owned(),
        RustType::String => "__codegen::String".to_owned(),
        RustType::Bytes => "__codegen::Bytes".to_owned(),
        RustType::Uuid => "__codegen::Uuid".to_owned(),
        RustType::List(elem) => wrap("__codegen::Vec", elem),
        RustType::Set(collection, elem) => match collection {
            Collection::Hash => wrap("__codegen::HashSet", elem),
            Collection::BTree => wrap("__codegen::BTreeSet", elem),
            Collection::Vec => wrap("__codegen::VecSet", elem),
        },
        RustType::Map(collection, key, value) => {
            let outer = match collection {
                Collection::Hash => "__codegen::HashMap",
                Collection::BTree => "__codegen::BTreeMap",
                Collection::Vec => "__codegen::VecMap",
            };
            format!(
                "{outer}<{}, {}>",
                spell_text(ctx, key),
                spell_text(ctx, value)
            )
        }
        RustType::Def(def) => ctx.def_path_text(def),
        RustType::Boxed(inner) => wrap("__codegen::Box", inner),
        RustType::Optional(inner) => wrap("__codegen::Option", inner),
    }
}

/// The Rust type of a value of IDL type `ty` that is no struct field or
/// method argument (a typedef's target, a constant), decided and spelled.
pub(crate) fn rust_type(ctx: &Ctx<'_>, ty: &TypeRef) -> TokenStream {
    spell(ctx, &RustType::of(ctx.lookup, ctx.analysis, ty))
}

/// The wire type of `ty`, as a `TType` path.
pub(crate) fn ttype(ctx: &Ctx<'_>, ty: &TypeRef) -> TokenStream {
    let variant = proc_macro2::Ident::new(ttype_name(ctx, ty), proc_macro2::Span::call_site());
    quote!(__codegen::TType::#variant)
}

/// The name of `ty`'s `TType` variant (`I32`, `Struct`, ...).
pub(crate) fn ttype_name(ctx: &Ctx<'_>, ty: &TypeRef) -> &'static str {
    match &ctx.lookup.true_type(ty).ty {
        Type::Base { base } => match base {
            BaseType::Bool => "Bool",
            BaseType::I8 => "I8",
            BaseType::I16 => "I16",
            BaseType::I32 => "I32",
            BaseType::I64 => "I64",
            BaseType::Double => "Double",
            BaseType::String | BaseType::Binary => "String",
            BaseType::Uuid => "Uuid",
        },
        Type::List { .. } => "List",
        Type::Set { .. } => "Set",
        Type::Map { .. } => "Map",
        Type::Named {
            def: NamedKind::Enum,
            ..
        } => "I32",
        Type::Named { .. } => "Struct",
    }
}
