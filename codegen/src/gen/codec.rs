//! `WireType`, `Encode` and `Decode` impls for structs, exceptions and unions.
//!
//! Encoding writes fields in declaration order, like Apache's generated code:
//! `Option` fields only when `Some`, every other field always (what C++ and
//! Java do for default requiredness; Python skips `None`, which a non-`Option`
//! field cannot be). Decoding loops over field headers and matches on
//! `(id, wire type)`: a known id with an unexpected wire type is skipped like
//! an unknown field, as Apache does. Field values go straight into locals (no
//! allocation per field); a required field that never arrived is an error
//! naming the struct and the field. A union with two arms set is an error; an
//! empty one decodes to its unknown variant, as the reference accepts it.

use proc_macro2::TokenStream;
use quote::quote;
use trift_idl::model::StructKind;

use super::{Ctx, Piece, codec_text, consts, ty};
use crate::ident;
use crate::plan::{FieldPlan, StructPlan};

fn field_id(id: i32) -> TokenStream {
    consts::int_literal(i64::from(id))
}

/// The codec impls of one struct-like type: text ([`codec_text`]) for
/// unions and for structs without IDL default values, tokens otherwise.
pub(crate) fn struct_like(ctx: &Ctx<'_>, plan: &StructPlan<'_>) -> Piece {
    if plan.strukt.kind == StructKind::Union {
        return Piece::Text(codec_text::union_codec(ctx, plan));
    }
    let fields: Vec<_> = plan
        .fields
        .iter()
        .enumerate()
        .map(|(index, field)| (ctx.names.field(&plan.def, index).to_owned(), field))
        .collect();
    struct_codec(
        ctx,
        ctx.names.type_name(&plan.def),
        &plan.strukt.name,
        &fields,
    )
}

/// The codec impls of the struct `name` (wire name `wire_name`) with
/// `fields` (each field's Rust member and plan): every struct and
/// exception, and every method's args and result struct.
pub(crate) fn struct_codec(
    ctx: &Ctx<'_>,
    name: &str,
    wire_name: &str,
    fields: &[(String, &FieldPlan<'_>)],
) -> Piece {
    if let Some(initial) = codec_text::initial_values(ctx, fields) {
        return Piece::Text(codec_text::struct_codec(
            ctx, name, wire_name, fields, &initial,
        ));
    }
    let fields: Vec<_> = fields
        .iter()
        .map(|(member, field)| (ident::ident(member), *field))
        .collect();
    Piece::Tokens(impls(
        &ident::ident(name),
        struct_encode(ctx, wire_name, &fields),
        struct_decode(ctx, wire_name, &fields),
    ))
}

fn impls(
    name: &proc_macro2::Ident,
    encode_body: TokenStream,
    decode_body: TokenStream,
) -> TokenStream {
    quote! {
        impl __codegen::WireType for #name {
            const TTYPE: __codegen::TType = __codegen::TType::Struct;
        }

        impl __codegen::Encode for #name {
            fn encode<W: __codegen::ProtocolWriter>(&self, writer: &mut W) -> __codegen::ProtocolResult<()> {
                #encode_body
            }
        }

        impl __codegen::Decode for #name {
            fn decode<R: __codegen::ProtocolReader>(reader: &mut R) -> __codegen::ProtocolResult<Self> {
                #decode_body
            }
        }
    }
}

fn struct_encode(
    ctx: &Ctx<'_>,
    wire_name: &str,
    fields: &[(proc_macro2::Ident, &FieldPlan<'_>)],
) -> TokenStream {
    let fields = fields.iter().map(|(member, field)| {
        let field_name = &field.field.name;
        let ttype = ty::ttype(ctx, &field.field.ty);
        let id = field_id(field.field.id);
        if field.optional {
            quote! {
                if let __codegen::Some(value) = &self.#member {
                    writer.write_field_begin(#field_name, #ttype, #id)?;
                    __codegen::Encode::encode(value, writer)?;
                    writer.write_field_end()?;
                }
            }
        } else {
            quote! {
                writer.write_field_begin(#field_name, #ttype, #id)?;
                __codegen::Encode::encode(&self.#member, writer)?;
                writer.write_field_end()?;
            }
        }
    });
    quote! {
        writer.write_struct_begin(#wire_name)?;
        #(#fields)*
        writer.write_field_stop()?;
        writer.write_struct_end()
    }
}

/// The local a decoder holds field `index` in until the struct is built.
pub(crate) fn local(index: usize) -> proc_macro2::Ident {
    quote::format_ident!("field_{}", index)
}

/// The loop that reads field headers, with one match arm per known field.
fn field_loop(arms: &[TokenStream]) -> TokenStream {
    let dispatch = if arms.is_empty() {
        quote!(__codegen::skip(reader, field.ttype)?;)
    } else {
        quote! {
            match (field.id, field.ttype) {
                #(#arms)*
                _ => __codegen::skip(reader, field.ttype)?,
            }
        }
    };
    quote! {
        loop {
            let field = reader.read_field_begin()?;
            if field.ttype == __codegen::TType::Stop {
                break;
            }
            #dispatch
            reader.read_field_end()?;
        }
    }
}

fn struct_decode(
    ctx: &Ctx<'_>,
    wire_name: &str,
    fields: &[(proc_macro2::Ident, &FieldPlan<'_>)],
) -> TokenStream {
    let mut locals = Vec::new();
    let mut arms = Vec::new();
    let mut inits = Vec::new();
    for (index, (member, field)) in fields.iter().enumerate() {
        let local = local(index);
        let rust_type = ty::spell(ctx, &field.field_type);
        let ttype = ty::ttype(ctx, &field.field.ty);
        let id = field_id(field.field.id);
        let decoded = if field.optional {
            quote!(__codegen::Some(__codegen::Decode::decode(reader)?))
        } else {
            quote!(__codegen::Decode::decode(reader)?)
        };
        if field.must_arrive {
            let field_name = &field.field.name;
            locals.push(quote!(let mut #local: __codegen::Option<#rust_type> = __codegen::None;));
            arms.push(quote!((#id, #ttype) => #local = __codegen::Some(#decoded),));
            inits.push(quote! {
                #member: #local.ok_or_else(|| __codegen::missing_field(#wire_name, #field_name))?
            });
        } else if field.default.allocates() {
            // Build an allocating default only when the field is absent.
            let initial = consts::field_default(ctx, field);
            let value_type = ty::spell(ctx, &field.value_type);
            locals.push(quote!(let mut #local: __codegen::Option<#value_type> = __codegen::None;));
            arms.push(quote!((#id, #ttype) => #local = __codegen::Some(__codegen::Decode::decode(reader)?),));
            if field.optional {
                inits.push(quote!(#member: #local.or_else(|| #initial)));
            } else {
                inits.push(quote!(#member: #local.unwrap_or_else(|| #initial)));
            }
        } else {
            let initial = consts::field_default(ctx, field);
            locals.push(quote!(let mut #local: #rust_type = #initial;));
            arms.push(quote!((#id, #ttype) => #local = #decoded,));
            inits.push(quote!(#member: #local));
        }
    }
    let field_loop = field_loop(&arms);
    quote! {
        reader.read_struct_begin()?;
        #(#locals)*
        #field_loop
        reader.read_struct_end()?;
        __codegen::Ok(Self { #(#inits,)* })
    }
}
