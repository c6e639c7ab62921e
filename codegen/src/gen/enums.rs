//! Enums: forward-compatible newtypes over `i32`.
//!
//! `enum Color { RED = 1 }` becomes `pub struct Color(pub i32)` with an
//! associated const per member (`Color::RED`). Any `i32` is a valid value, so
//! a member added by a newer IDL decodes, compares and re-encodes unchanged.
//! `Debug` prints the IDL member name when the value is known and
//! `Color(7)` otherwise. `Default` is the first declared member (0 for an
//! empty enum), so a required enum field starts at a value the IDL names.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::quote;
use trift_idl::model::{DefRef, Enum};

use super::{Ctx, consts, doc};
use crate::ident;

/// The newtype, its member consts and its trait impls.
pub(crate) fn enumeration(ctx: &Ctx<'_>, def: &DefRef, enum_def: &Enum) -> TokenStream {
    let name = ident::ident(ctx.names.type_name(def));
    let wire_name = &enum_def.name;
    let docs = doc(enum_def.doc.as_deref());
    let attributes = ctx.attributes(def);
    let members = enum_def.values.iter().enumerate().map(|(index, member)| {
        let member_name = ident::ident(ctx.names.member(def, index));
        let member_docs = doc(member.doc.as_deref());
        let value = consts::int_literal(i64::from(member.value));
        quote!(#member_docs pub const #member_name: #name = #name(#value);)
    });
    let mut seen = HashSet::new();
    let arms: Vec<TokenStream> = enum_def
        .values
        .iter()
        .filter(|member| seen.insert(member.value))
        .map(|member| {
            let value = consts::int_literal(i64::from(member.value));
            let text = &member.name;
            quote!(#value => __codegen::Some(#text))
        })
        .collect();
    let name_body = if arms.is_empty() {
        quote!(__codegen::None)
    } else {
        quote!(match self.0 { #(#arms,)* _ => __codegen::None })
    };
    let first = enum_def.values.first().map_or(0, |m| m.value);
    let (derive_default, default_impl) = if first == 0 {
        (quote!(Default,), TokenStream::new())
    } else {
        let first = consts::int_literal(i64::from(first));
        (
            TokenStream::new(),
            quote! {
                impl __codegen::Default for #name {
                    fn default() -> Self {
                        #name(#first)
                    }
                }
            },
        )
    };
    quote! {
        #docs
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, #derive_default)]
        #(#attributes)*
        pub struct #name(pub i32);

        impl #name {
            #(#members)*

            /// The IDL name of this value, or `None` for a value this IDL
            /// does not declare.
            pub const fn name(self) -> __codegen::Option<&'static str> {
                #name_body
            }
        }

        #default_impl

        impl __codegen::fmt::Debug for #name {
            fn fmt(&self, f: &mut __codegen::fmt::Formatter<'_>) -> __codegen::fmt::Result {
                match self.name() {
                    __codegen::Some(member) => f.write_str(member),
                    __codegen::None => f.debug_tuple(#wire_name).field(&self.0).finish(),
                }
            }
        }

        impl __codegen::From<i32> for #name {
            fn from(value: i32) -> Self {
                #name(value)
            }
        }

        impl __codegen::From<#name> for i32 {
            fn from(value: #name) -> Self {
                value.0
            }
        }

        impl __codegen::WireType for #name {
            const TTYPE: __codegen::TType = __codegen::TType::I32;
        }

        impl __codegen::Encode for #name {
            #[inline]
            fn encode<W: __codegen::ProtocolWriter>(&self, writer: &mut W) -> __codegen::ProtocolResult<()> {
                writer.write_i32(self.0)
            }
        }

        impl __codegen::Decode for #name {
            #[inline]
            fn decode<R: __codegen::ProtocolReader>(reader: &mut R) -> __codegen::ProtocolResult<Self> {
                reader.read_i32().map(#name)
            }
        }
    }
}
