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
use trift_idl::model::{DefRef, Struct, StructKind, Typedef};

use super::{Ctx, consts, doc, ty};
use crate::analysis::Traits;
use crate::ident;

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

/// The Rust type of field `index` of `def`, with its `Box` but without the
/// `Option` of an optional field.
pub(crate) fn value_type(
    ctx: &Ctx<'_>,
    def: &DefRef,
    strukt: &Struct,
    index: usize,
) -> TokenStream {
    let Some(field) = strukt.fields.get(index) else {
        return TokenStream::new();
    };
    let rust_type = ty::rust_type(ctx, &field.ty);
    if ctx.analysis.is_boxed(def, index) {
        quote!(__codegen::Box<#rust_type>)
    } else {
        rust_type
    }
}

/// The Rust type of field `index` of `def`, with its `Box` and `Option`.
pub(crate) fn field_type(
    ctx: &Ctx<'_>,
    def: &DefRef,
    strukt: &Struct,
    index: usize,
) -> TokenStream {
    let mut rust_type = value_type(ctx, def, strukt, index);
    if strukt.kind != StructKind::Union && consts::is_optional(ctx, def, index) {
        rust_type = quote!(__codegen::Option<#rust_type>);
    }
    rust_type
}

/// The type definition of a struct, exception or union.
pub(crate) fn struct_like(ctx: &Ctx<'_>, def: &DefRef, strukt: &Struct) -> TokenStream {
    let name = ident::ident(ctx.names.type_name(def));
    let docs = doc(strukt.doc.as_deref());
    let attributes = ctx.attributes(def);
    let traits = ctx.analysis.struct_traits(def);
    if strukt.kind == StructKind::Union {
        let derive = derives(traits, true);
        let variants = strukt.fields.iter().enumerate().map(|(index, field)| {
            let variant = ident::ident(ctx.names.field(def, index));
            let field_docs = doc(field.doc.as_deref());
            let payload = field_type(ctx, def, strukt, index);
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
    let trivial = (0..strukt.fields.len()).all(|index| consts::default_is_trivial(ctx, def, index));
    let derive = derives(traits, traits.default && trivial);
    let fields = strukt.fields.iter().enumerate().map(|(index, field)| {
        let field_name = ident::ident(ctx.names.field(def, index));
        let field_docs = doc(field.doc.as_deref());
        let field_type = field_type(ctx, def, strukt, index);
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
    if traits.default && !trivial {
        let inits = (0..strukt.fields.len()).map(|index| {
            let field_name = ident::ident(ctx.names.field(def, index));
            let value = consts::field_default(ctx, def, index);
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
