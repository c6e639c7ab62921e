//! Type definitions: structs, exceptions, unions and typedefs.
//!
//! Structs and exceptions become structs with `pub` fields: `optional`
//! fields are `Option<T>`, required and default-requiredness fields are `T`
//! starting at their IDL default. A default-requiredness field that closes a
//! by-value cycle becomes `Option<Box<T>>` (otherwise no finite value would
//! exist). Unions become enums with one tuple variant per field plus a unit
//! variant (normally `Unknown`) for a union that arrived empty or with only
//! arms this IDL does not know. Exceptions also implement `Display` (their
//! `Debug` form) and `std::error::Error`.

use proc_macro2::TokenStream;
use quote::quote;
use trift_idl::model::{DefRef, StructKind, Typedef};

use super::{Ctx, consts, doc, ty};
use crate::analysis::Traits;
use crate::ident;
use crate::plan::{DefaultImpl, StructPlan};

/// `pub type Name = T;`
pub(crate) fn typedef(ctx: &Ctx<'_>, def: &DefRef, typedef: &Typedef) -> TokenStream {
    let name = ident::ident(ctx.names.type_name(def));
    let docs = doc(typedef.doc.as_deref());
    let target = ty::rust_type(ctx, &typedef.ty);
    quote!(#docs pub type #name = #target;)
}

/// The `#[derive(...)]` for a type with `traits`.
fn derives(traits: Traits, default: bool) -> TokenStream {
    let mut list = vec![quote!(Debug), quote!(Clone), quote!(PartialEq)];
    if traits.eq {
        list.push(quote!(Eq));
    }
    if traits.hash {
        list.push(quote!(Hash));
    }
    if traits.ord {
        list.push(quote!(PartialOrd));
        list.push(quote!(Ord));
    }
    if default {
        list.push(quote!(Default));
    }
    quote!(#[derive(#(#list),*)])
}

/// The type definition of a struct, exception or union.
pub(crate) fn struct_like(ctx: &Ctx<'_>, plan: &StructPlan<'_>) -> TokenStream {
    let def = &plan.def;
    let strukt = plan.strukt;
    let name = ident::ident(ctx.names.type_name(def));
    let docs = doc(strukt.doc.as_deref());
    let attributes = ctx.attributes(def);
    let derive = derives(plan.traits, plan.default == DefaultImpl::Derive);
    if strukt.kind == StructKind::Union {
        let variants = plan.fields.iter().enumerate().map(|(index, field)| {
            let variant = ident::ident(ctx.names.field(def, index));
            let field_docs = doc(field.field.doc.as_deref());
            let payload = ty::spell(ctx, &field.field_type);
            quote!(#field_docs #variant(#payload))
        });
        let unknown = ident::ident(ctx.names.unknown_variant(def));
        return quote! {
            #docs
            #derive
            #[allow(clippy::large_enum_variant)]
            #(#attributes)*
            pub enum #name {
                #(#variants,)*
                /// No arm this IDL knows was set: the union arrived empty, or
                /// with an arm added by a newer IDL (skipped when decoding).
                #[default]
                #unknown,
            }
        };
    }
    let fields = plan.fields.iter().enumerate().map(|(index, field)| {
        let field_name = ident::ident(ctx.names.field(def, index));
        let field_docs = doc(field.field.doc.as_deref());
        let field_type = ty::spell(ctx, &field.field_type);
        quote!(#field_docs pub #field_name: #field_type)
    });
    let mut out = quote! {
        #docs
        #derive
        #(#attributes)*
        pub struct #name {
            #(#fields,)*
        }
    };
    if plan.default == DefaultImpl::Written {
        let inits = plan.fields.iter().enumerate().map(|(index, field)| {
            let field_name = ident::ident(ctx.names.field(def, index));
            let value = consts::field_default(ctx, field);
            quote!(#field_name: #value)
        });
        out.extend(quote! {
            impl __codegen::Default for #name {
                fn default() -> Self {
                    Self { #(#inits,)* }
                }
            }
        });
    }
    if strukt.kind == StructKind::Exception {
        out.extend(quote! {
            impl __codegen::fmt::Display for #name {
                fn fmt(&self, f: &mut __codegen::fmt::Formatter<'_>) -> __codegen::fmt::Result {
                    __codegen::fmt::Debug::fmt(self, f)
                }
            }
            impl __codegen::Error for #name {}
        });
    }
    out
}
