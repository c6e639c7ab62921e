//! Per method: the args struct, the result struct and, for a method with
//! declared exceptions, the error enum.
//!
//! `CalcAddArgs` is Apache's `add_args`: one field per argument under its id
//! and wire name. Arguments are required on decode (a missing one is a
//! protocol error, which the server answers with `PROTOCOL_ERROR`), except
//! `optional` ones, which are `Option<T>`. Its `MethodArgs` impl carries the
//! method's metadata: wire name, oneway, the `idempotent` annotation, every
//! annotation, and the result struct, for layers that decide per method
//! (retries only for idempotent methods) and for the runtime's helpers.
//!
//! `CalcAddResult` is Apache's `add_result`: `success: Option<T>` under id 0
//! (absent for `void`) and one `Option<E>` per declared exception under its
//! id, each written only when set. Its `MethodResult` impl says how a
//! handler's outcome fills it and what a client reads from it. Oneway methods
//! have no result struct. Both structs' fields come from the plan, and their
//! codec from [`codec::struct_codec`], like every other struct's.
//!
//! `CalcDivideError` (only with declared exceptions) has one variant per
//! declared exception, then `Application`, `Transport`, `Refused` and
//! `Protocol`, mirroring `trift::Error`; a method without declared
//! exceptions fails with `trift::Error` itself.

use proc_macro2::TokenStream;
use quote::quote;
use trift_idl::model::{Field, Function};

use super::{MethodNames, ServiceNames, annotations};
use crate::emit::{Chunk, Ctx, Piece, codec, doc, doc_text, ty};
use crate::ident;
use crate::names::SUCCESS_FIELD;
use crate::plan::{FieldPlan, MethodPlan};
use crate::text::Code;

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

/// The error type of a method: `trift::Error` without declared exceptions,
/// else its error enum.
pub(crate) fn error_type(method: &MethodPlan<'_>, names: &MethodNames) -> TokenStream {
    if method.function.throws.is_empty() {
        quote!(__codegen::RpcError)
    } else {
        let name = ident::ident(&names.error);
        quote!(#name)
    }
}

/// The args struct, the result struct (not for oneway) and, for a method
/// with declared exceptions, the error enum of one method.
pub(crate) fn method_items(
    ctx: &Ctx<'_>,
    service: &ServiceNames,
    method: &MethodPlan<'_>,
    names: &MethodNames,
) -> Chunk {
    let mut out = Chunk::default();
    args_struct(&mut out, ctx, service, method, names);
    if !method.function.oneway {
        result_struct(&mut out, ctx, service, method, names);
    }
    if !method.function.throws.is_empty() {
        out.push(Piece::Text(super::errors::error_enum(
            ctx, service, method, names,
        )));
    }
    out
}

fn args_struct(
    out: &mut Chunk,
    ctx: &Ctx<'_>,
    service: &ServiceNames,
    plan: &MethodPlan<'_>,
    names: &MethodNames,
) {
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
        .map(|(arg, field)| (field.clone(), arg))
        .collect();
    let result = if oneway { "()" } else { names.result.as_str() };
    if function.annotations.is_empty() {
        // No annotations: every line has a fixed shape, written as text.
        let mut code = Code::new();
        code.line(&format!("///{docs}"));
        code.line("#[derive(Debug, Clone, PartialEq)]");
        if fields.is_empty() {
            code.line(&format!("pub struct {} {{}}", names.args));
        } else {
            code.open(&format!("pub struct {} {{", names.args));
            for (field, arg) in &fields {
                doc_text(&mut code, arg.field.doc.as_deref());
                let rust_type = ty::spell_text(ctx, &arg.field_type);
                code.line(&format!("pub {field}: {rust_type},"));
            }
            code.close("}");
        }
        code.impl_header("impl __codegen::MethodArgs", &format!("for {}", names.args));
        code.line(&format!("const METHOD: &'static str = {method:?};"));
        code.line(&format!("const ONEWAY: bool = {oneway};"));
        code.line(&format!("const IDEMPOTENT: bool = {idempotent};"));
        code.line("const ANNOTATIONS: &'static [(&'static str, &'static str)] = &[];");
        code.line(&format!("type Result = {result};"));
        code.close("}");
        out.push(Piece::Text(code.finish()));
    } else {
        let members = fields.iter().map(|(field, arg)| {
            let field = ident::ident(field);
            let field_docs = doc(arg.field.doc.as_deref());
            let rust_type = arg_type(ctx, arg);
            quote!(#field_docs pub #field: #rust_type)
        });
        let result = if oneway {
            quote!(())
        } else {
            let result = ident::ident(result);
            quote!(#result)
        };
        out.tokens(quote! {
            #[doc = #docs]
            #[derive(Debug, Clone, PartialEq)]
            pub struct #name {
                #(#members,)*
            }

            impl __codegen::MethodArgs for #name {
                const METHOD: &'static str = #method;
                const ONEWAY: bool = #oneway;
                const IDEMPOTENT: bool = #idempotent;
                const ANNOTATIONS: &'static [(&'static str, &'static str)] = &[#(#annotations),*];
                type Result = #result;
            }
        });
    }
    out.push(codec::struct_codec(ctx, &names.args, &wire, &fields));
}

fn result_struct(
    out: &mut Chunk,
    ctx: &Ctx<'_>,
    service: &ServiceNames,
    method: &MethodPlan<'_>,
    names: &MethodNames,
) {
    let function = method.function;
    let name = ident::ident(&names.result);
    let wire = format!("{}_result", function.name);
    let docs = format!(
        " The result of `{}.{}` (Apache's `{wire}`): at most one field is set.",
        service.idl, function.name
    );
    let has_success = function.return_type.is_some();
    let members: Vec<_> = has_success
        .then_some(SUCCESS_FIELD)
        .into_iter()
        .chain(names.throw_fields.iter().map(String::as_str))
        .map(ident::ident)
        .collect();
    let fields: Vec<_> = members
        .iter()
        .map(ToString::to_string)
        .zip(&method.result)
        .collect();
    let declarations = members.iter().zip(&method.result).map(|(member, field)| {
        let rust_type = ty::spell(ctx, &field.field_type);
        quote!(pub #member: #rust_type)
    });
    // Every field spelled out, `set` (an index into `members`) holding `value`.
    let with = |set: usize, value: TokenStream| {
        let inits = members.iter().enumerate().map(|(index, member)| {
            if index == set {
                quote!(#member: __codegen::Some(#value))
            } else {
                quote!(#member: __codegen::None)
            }
        });
        quote!(Self { #(#inits),* })
    };
    let success = success_type(ctx, method);
    let error = error_type(method, names);
    let (success_param, from_success) = if has_success {
        (quote!(success), with(0, quote!(success)))
    } else {
        (quote!(_success), with(usize::MAX, TokenStream::new()))
    };
    let first_throw = usize::from(has_success);
    let error_enum = ident::ident(&names.error);
    let variants: Vec<_> = names
        .throw_variants
        .iter()
        .map(|v| ident::ident(v))
        .collect();
    let from_error = if variants.is_empty() {
        quote!(__codegen::Err(error.into_application_exception()))
    } else {
        let arms = variants.iter().enumerate().map(|(index, variant)| {
            let value = with(first_throw + index, quote!(err));
            quote!(#error_enum::#variant(err) => __codegen::Ok(#value),)
        });
        quote! {
            match error {
                #(#arms)*
                other => __codegen::Err(other.into_application_exception()),
            }
        }
    };
    let checks = variants
        .iter()
        .zip(&members[first_throw..])
        .map(|(variant, member)| {
            quote! {
                if let __codegen::Some(err) = self.#member {
                    return __codegen::Some(__codegen::Err(#error_enum::#variant(err)));
                }
            }
        });
    let success_field = ident::ident(SUCCESS_FIELD);
    let into_outcome = match (has_success, variants.is_empty()) {
        (true, true) => quote!(self.#success_field.map(__codegen::Ok)),
        (false, true) => quote!(__codegen::Some(__codegen::Ok(()))),
        (true, false) => quote! {
            if let __codegen::Some(success) = self.#success_field {
                return __codegen::Some(__codegen::Ok(success));
            }
            #(#checks)*
            __codegen::None
        },
        (false, false) => quote! {
            #(#checks)*
            __codegen::Some(__codegen::Ok(()))
        },
    };
    out.tokens(quote! {
        #[doc = #docs]
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #name {
            #(#declarations,)*
        }

        impl __codegen::MethodResult for #name {
            type Success = #success;
            type Error = #error;

            fn from_success(#success_param: #success) -> Self {
                #from_success
            }

            fn from_error(error: #error) -> __codegen::Result<Self, __codegen::ApplicationException> {
                #from_error
            }

            fn into_outcome(self) -> __codegen::Option<__codegen::Result<#success, #error>> {
                #into_outcome
            }
        }
    });
    out.push(codec::struct_codec(ctx, &names.result, &wire, &fields));
}
