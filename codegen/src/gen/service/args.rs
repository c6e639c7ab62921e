//! Per method: the args struct, the result struct and the error enum.
//!
//! `CalcAddArgs` is Apache's `add_args`: one field per argument under its id
//! and wire name. Arguments are required on decode (a missing one is a
//! protocol error, which the server answers with `PROTOCOL_ERROR`), except
//! `optional` ones, which are `Option<T>`. The struct also carries the
//! method's metadata as consts: wire name, oneway, the `idempotent`
//! annotation and every annotation, for layers that decide per method
//! (retries only for idempotent methods).
//!
//! `CalcAddResult` is Apache's `add_result`: `success: Option<T>` under id 0
//! (absent for `void`) and one `Option<E>` per declared exception under its
//! id, each written only when set. Oneway methods have no result struct.
//!
//! `CalcAddError` has one variant per declared exception, then
//! `Application`, `Transport`, `Refused` and `Protocol`, mirroring
//! `trift::Error`.

use proc_macro2::TokenStream;
use quote::quote;
use trift_idl::model::{Field, Function};

use super::{MethodNames, ServiceNames, annotations};
use crate::emit::{Ctx, codec, consts, doc, ty};
use crate::ident;
use crate::names::SUCCESS_FIELD;
use crate::plan::{FieldPlan, MethodPlan};

/// The IDL signature of `function`, for docs.
pub(crate) fn signature(function: &Function) -> String {
    let fields = |fields: &[Field]| {
        fields
            .iter()
            .map(|f| format!("{}: {}", f.id, f.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut text = format!(
        "{}{}({})",
        if function.oneway { "oneway " } else { "" },
        function.name,
        fields(&function.args)
    );
    if !function.throws.is_empty() {
        text.push_str(&format!(" throws ({})", fields(&function.throws)));
    }
    text
}

/// `#[allow(clippy::too_many_arguments)]` for a method whose Rust signature
/// has more parameters than clippy accepts (`&self` counts).
pub(crate) fn many_args(function: &Function) -> TokenStream {
    if function.args.len() >= 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        TokenStream::new()
    }
}

/// The Rust type of an argument as a handler and a client take it (an
/// `Option` when `optional`).
pub(crate) fn arg_type(ctx: &Ctx<'_>, arg: &FieldPlan<'_>) -> TokenStream {
    ty::spell(ctx, &arg.field_type)
}

/// The success type of a method (`()` for void).
pub(crate) fn success_type(ctx: &Ctx<'_>, method: &MethodPlan<'_>) -> TokenStream {
    match &method.success {
        Some(ty) => ty::spell(ctx, ty),
        None => quote!(()),
    }
}

fn field_id(id: i32) -> TokenStream {
    consts::int_literal(i64::from(id))
}

/// The args struct, result struct and error enum of one method.
pub(crate) fn method_items(
    ctx: &Ctx<'_>,
    service: &ServiceNames,
    method: &MethodPlan<'_>,
    names: &MethodNames,
) -> TokenStream {
    let mut out = args_struct(ctx, service, method, names);
    if !method.function.oneway {
        out.extend(result_struct(ctx, service, method, names));
    }
    out.extend(error_enum(ctx, service, method, names));
    out
}

fn args_struct(
    ctx: &Ctx<'_>,
    service: &ServiceNames,
    plan: &MethodPlan<'_>,
    names: &MethodNames,
) -> TokenStream {
    let function = plan.function;
    let name = ident::ident(&names.args);
    let wire = format!("{}_args", function.name);
    let method = &function.name;
    let oneway = function.oneway;
    let idempotent = function
        .annotations
        .iter()
        .any(|a| a.key == "idempotent" && a.value != "false" && a.value != "0");
    let annotations = annotations(function);
    let docs = format!(
        " The arguments of `{}.{}` (Apache's `{wire}`).",
        service.idl, function.name
    );
    let fields: Vec<_> = plan
        .args
        .iter()
        .zip(&names.arg_fields)
        .map(|(arg, field)| (arg, ident::ident(field)))
        .collect();
    let members = fields.iter().map(|(arg, field)| {
        let field_docs = doc(arg.field.doc.as_deref());
        let rust_type = arg_type(ctx, arg);
        quote!(#field_docs pub #field: #rust_type)
    });
    let encode = fields.iter().map(|(arg, field)| {
        let wire_name = &arg.field.name;
        let ttype = ty::ttype(ctx, &arg.field.ty);
        let id = field_id(arg.field.id);
        if arg.optional {
            quote! {
                if let __codegen::Some(value) = &self.#field {
                    writer.write_field_begin(#wire_name, #ttype, #id)?;
                    __codegen::Encode::encode(value, writer)?;
                    writer.write_field_end()?;
                }
            }
        } else {
            quote! {
                writer.write_field_begin(#wire_name, #ttype, #id)?;
                __codegen::Encode::encode(&self.#field, writer)?;
                writer.write_field_end()?;
            }
        }
    });
    // Decoded values go into `field_N` locals, never into locals named
    // after the arguments: an argument called `reader` or `field` must not
    // shadow the decoder's own.
    let locals = fields.iter().enumerate().map(|(index, (arg, _))| {
        let local = codec::local(index);
        let rust_type = ty::spell(ctx, &arg.value_type);
        quote!(let mut #local: __codegen::Option<#rust_type> = __codegen::None;)
    });
    let arms: Vec<_> = fields
        .iter()
        .enumerate()
        .map(|(index, (arg, _))| {
            let local = codec::local(index);
            let ttype = ty::ttype(ctx, &arg.field.ty);
            let id = field_id(arg.field.id);
            quote!((#id, #ttype) => #local = __codegen::Some(__codegen::Decode::decode(reader)?),)
        })
        .collect();
    let inits = fields.iter().enumerate().map(|(index, (arg, field))| {
        let local = codec::local(index);
        if !arg.must_arrive {
            quote!(#field: #local)
        } else {
            let wire_name = &arg.field.name;
            quote!(#field: #local.ok_or_else(|| __codegen::missing_field(#wire, #wire_name))?)
        }
    });
    let field_loop = field_loop(&arms);
    quote! {
        #[doc = #docs]
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#members,)*
        }

        impl #name {
            /// The method's name on the wire.
            pub const METHOD: &'static str = #method;
            /// Whether the method is `oneway` (no reply).
            pub const ONEWAY: bool = #oneway;
            /// Whether the method is annotated `(idempotent)`: calling it
            /// twice has the effect of calling it once, so it may be retried.
            pub const IDEMPOTENT: bool = #idempotent;
            /// The method's IDL annotations, `(key, value)` in order.
            pub const ANNOTATIONS: &'static [(&'static str, &'static str)] = &[#(#annotations),*];
        }

        impl __codegen::WireType for #name {
            const TTYPE: __codegen::TType = __codegen::TType::Struct;
        }

        impl __codegen::Encode for #name {
            fn encode<W: __codegen::ProtocolWriter>(&self, writer: &mut W) -> __codegen::ProtocolResult<()> {
                writer.write_struct_begin(#wire)?;
                #(#encode)*
                writer.write_field_stop()?;
                writer.write_struct_end()
            }
        }

        impl __codegen::Decode for #name {
            fn decode<R: __codegen::ProtocolReader>(reader: &mut R) -> __codegen::ProtocolResult<Self> {
                reader.read_struct_begin()?;
                #(#locals)*
                #field_loop
                reader.read_struct_end()?;
                __codegen::Ok(Self { #(#inits,)* })
            }
        }
    }
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

/// `(field, wire name, id, Rust type, TType)` of each result field.
fn result_fields(
    ctx: &Ctx<'_>,
    method: &MethodPlan<'_>,
    names: &MethodNames,
) -> Vec<(
    proc_macro2::Ident,
    String,
    TokenStream,
    TokenStream,
    TokenStream,
)> {
    let function = method.function;
    let mut fields = Vec::new();
    if let (Some(ty), Some(rust_type)) = (&function.return_type, &method.success) {
        fields.push((
            ident::ident(SUCCESS_FIELD),
            SUCCESS_FIELD.to_owned(),
            field_id(0),
            ty::spell(ctx, rust_type),
            ty::ttype(ctx, ty),
        ));
    }
    for ((throw, field), rust_type) in function
        .throws
        .iter()
        .zip(&names.throw_fields)
        .zip(&method.throws)
    {
        fields.push((
            ident::ident(field),
            throw.name.clone(),
            field_id(throw.id),
            ty::spell(ctx, rust_type),
            ty::ttype(ctx, &throw.ty),
        ));
    }
    fields
}

fn result_struct(
    ctx: &Ctx<'_>,
    service: &ServiceNames,
    method: &MethodPlan<'_>,
    names: &MethodNames,
) -> TokenStream {
    let function = method.function;
    let name = ident::ident(&names.result);
    let wire = format!("{}_result", function.name);
    let docs = format!(
        " The result of `{}.{}` (Apache's `{wire}`): at most one field is set.",
        service.idl, function.name
    );
    let fields = result_fields(ctx, method, names);
    let members = fields
        .iter()
        .map(|(field, _, _, rust_type, _)| quote!(pub #field: __codegen::Option<#rust_type>));
    let encode = fields.iter().map(|(field, wire_name, id, _, ttype)| {
        quote! {
            if let __codegen::Some(value) = &self.#field {
                writer.write_field_begin(#wire_name, #ttype, #id)?;
                __codegen::Encode::encode(value, writer)?;
                writer.write_field_end()?;
            }
        }
    });
    let arms: Vec<_> = fields
        .iter()
        .map(|(field, _, id, _, ttype)| {
            quote!((#id, #ttype) => out.#field = __codegen::Some(__codegen::Decode::decode(reader)?),)
        })
        .collect();
    let field_loop = field_loop(&arms);
    let out_binding = if arms.is_empty() {
        quote!(let out = Self::default();)
    } else {
        quote!(let mut out = Self::default();)
    };
    quote! {
        #[doc = #docs]
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #name {
            #(#members,)*
        }

        impl __codegen::WireType for #name {
            const TTYPE: __codegen::TType = __codegen::TType::Struct;
        }

        impl __codegen::Encode for #name {
            fn encode<W: __codegen::ProtocolWriter>(&self, writer: &mut W) -> __codegen::ProtocolResult<()> {
                writer.write_struct_begin(#wire)?;
                #(#encode)*
                writer.write_field_stop()?;
                writer.write_struct_end()
            }
        }

        impl __codegen::Decode for #name {
            fn decode<R: __codegen::ProtocolReader>(reader: &mut R) -> __codegen::ProtocolResult<Self> {
                reader.read_struct_begin()?;
                #out_binding
                #field_loop
                reader.read_struct_end()?;
                __codegen::Ok(out)
            }
        }
    }
}

fn error_enum(
    ctx: &Ctx<'_>,
    service: &ServiceNames,
    method: &MethodPlan<'_>,
    names: &MethodNames,
) -> TokenStream {
    let function = method.function;
    let name = ident::ident(&names.error);
    let docs = format!(" Why a call of `{}.{}` failed.", service.idl, function.name);
    let throws: Vec<_> = function
        .throws
        .iter()
        .zip(&names.throw_variants)
        .zip(&method.throws)
        .map(|((throw, variant), rust_type)| {
            (throw, ident::ident(variant), ty::spell(ctx, rust_type))
        })
        .collect();
    let variants = throws.iter().map(|(throw, variant, rust_type)| {
        let text = format!(
            " The declared exception `{}` (id {}).",
            throw.name, throw.id
        );
        quote!(#[doc = #text] #variant(#rust_type))
    });
    let display = throws.iter().map(|(throw, variant, _)| {
        let text = format!("declared exception `{}`: {{:?}}", throw.name);
        quote!(Self::#variant(err) => write!(f, #text, err),)
    });
    // `From` only for a type that exactly one declared exception has.
    let froms = throws.iter().filter_map(|(_, variant, rust_type)| {
        let text = rust_type.to_string();
        let unique = throws
            .iter()
            .filter(|(_, _, other)| other.to_string() == text)
            .count()
            == 1;
        unique.then(|| {
            quote! {
                impl __codegen::From<#rust_type> for #name {
                    fn from(err: #rust_type) -> Self {
                        Self::#variant(err)
                    }
                }
            }
        })
    });
    let declared_to_exception = if throws.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            other => __codegen::ApplicationException::new(
                __codegen::ApplicationExceptionKind::InternalError,
                __codegen::ToString::to_string(&other),
            ),
        }
    };
    // Declared exceptions are the server's answer, never a fallback case.
    let declared_kind = if throws.is_empty() {
        TokenStream::new()
    } else {
        quote! { _ => __codegen::FailureKind::Declared, }
    };
    quote! {
        #[doc = #docs]
        #[derive(Debug, Clone)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants,)*
            /// The server answered with a `TApplicationException` (or a
            /// handler fails with one).
            Application(__codegen::ApplicationException),
            /// The transport failed.
            Transport(__codegen::TransportError),
            /// The call was refused locally and not sent (overload, open
            /// circuit, no endpoint).
            Refused(__codegen::Refusal),
            /// A message could not be encoded or decoded.
            Protocol(__codegen::ProtocolError),
        }

        impl #name {
            /// The `TApplicationException` a server sends for this error
            /// when it is not a declared exception: application exceptions
            /// pass through, anything else is `INTERNAL_ERROR`.
            pub fn into_application_exception(self) -> __codegen::ApplicationException {
                match self {
                    Self::Application(err) => err,
                    Self::Transport(err) => __codegen::RpcError::Transport(err).into_application_exception(),
                    Self::Refused(refusal) => __codegen::RpcError::Refused(refusal).into_application_exception(),
                    Self::Protocol(err) => __codegen::RpcError::Protocol(err).into_application_exception(),
                    #declared_to_exception
                }
            }
        }

        impl __codegen::CallError for #name {
            fn failure_kind(&self) -> __codegen::FailureKind {
                match self {
                    Self::Application(_) => __codegen::FailureKind::Application,
                    Self::Transport(_) => __codegen::FailureKind::Transport,
                    Self::Refused(_) => __codegen::FailureKind::Refused,
                    Self::Protocol(_) => __codegen::FailureKind::Protocol,
                    #declared_kind
                }
            }
        }

        impl __codegen::From<__codegen::RpcError> for #name {
            fn from(err: __codegen::RpcError) -> Self {
                match err {
                    __codegen::RpcError::Application(err) => Self::Application(err),
                    __codegen::RpcError::Transport(err) => Self::Transport(err),
                    __codegen::RpcError::Refused(refusal) => Self::Refused(refusal),
                    __codegen::RpcError::Protocol(err) => Self::Protocol(err),
                }
            }
        }

        impl __codegen::From<__codegen::ApplicationException> for #name {
            fn from(err: __codegen::ApplicationException) -> Self {
                Self::Application(err)
            }
        }

        #(#froms)*

        impl __codegen::fmt::Display for #name {
            fn fmt(&self, f: &mut __codegen::fmt::Formatter<'_>) -> __codegen::fmt::Result {
                match self {
                    #(#display)*
                    Self::Application(err) => write!(f, "application error: {err}"),
                    Self::Transport(err) => write!(f, "transport error: {err}"),
                    Self::Refused(refusal) => write!(f, "call refused: {refusal}"),
                    Self::Protocol(err) => write!(f, "protocol error: {err}"),
                }
            }
        }

        impl __codegen::Error for #name {
            fn source(&self) -> __codegen::Option<&(dyn __codegen::Error + 'static)> {
                match self {
                    Self::Application(err) => __codegen::Some(err),
                    Self::Transport(err) => __codegen::Some(err),
                    Self::Refused(refusal) => __codegen::Some(refusal),
                    Self::Protocol(err) => __codegen::Some(err),
                    #[allow(unreachable_patterns)]
                    _ => __codegen::None,
                }
            }
        }
    }
}
