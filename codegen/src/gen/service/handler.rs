//! The handler trait: what a user implements to serve a service.
//!
//! `trait Calc: Parent + Send + Sync + 'static` (or `Send + Sync + 'static`
//! without a parent) with one method per IDL method taking `&self` and the
//! arguments by value, returning
//! `impl Future<Output = Result<T, E>> + Send`, where `E` is `trift::Error`
//! for a method without declared exceptions and its error enum
//! (`CalcDivideError`) otherwise. Implementations write
//! `async fn add(&self, a: i32, b: i32) -> Result<i64, trift::Error>`;
//! the `Send` bound in the declaration is what lets the server spawn the
//! call.

use proc_macro2::TokenStream;
use quote::quote;
use trift_idl::model::Service;

use super::args::{arg_type, error_type, signature, success_type};
use super::{Parent, ServiceNames};
use crate::emit::{Ctx, doc};
use crate::ident;
use crate::plan::MethodPlan;

/// The handler trait of `service`.
pub(crate) fn handler_trait(
    ctx: &Ctx<'_>,
    service: &Service,
    names: &ServiceNames,
    methods: &[MethodPlan<'_>],
    parent: Option<&Parent<'_>>,
) -> TokenStream {
    let name = ident::ident(&names.handler);
    let service_docs = doc(service.doc.as_deref());
    let summary = match parent {
        Some(parent) => format!(
            " The handler of service `{}`, which extends `{}`: implement this (and the parent's trait) and serve it with [`{}`].",
            service.name, parent.names.idl, names.server
        ),
        None => format!(
            " The handler of service `{}`: implement this and serve it with [`{}`].",
            service.name, names.server
        ),
    };
    let supertraits = match parent {
        Some(parent) => {
            let path = parent.path(ctx, &parent.names.handler);
            quote!(#path + __codegen::Send + __codegen::Sync + 'static)
        }
        None => quote!(__codegen::Send + __codegen::Sync + 'static),
    };
    let methods = methods
        .iter()
        .zip(&names.methods)
        .map(|(plan, method)| {
            let function = plan.function;
            let method_name = ident::ident(&method.method);
            let error = error_type(plan, method);
            let docs = doc(function.doc.as_deref());
            let sig = format!(" `{}`", signature(function));
            let params = plan
                .args
                .iter()
                .zip(&method.arg_fields)
                .map(|(arg, field)| {
                    let field = ident::ident(field);
                    let rust_type = arg_type(ctx, arg);
                    quote!(#field: #rust_type)
                });
            let success = success_type(ctx, plan);
            let many_args = super::args::many_args(function);
            let oneway_doc = if function.oneway {
                quote!(#[doc = ""] #[doc = " Oneway: nothing is answered; an error is logged."])
            } else {
                TokenStream::new()
            };
            let docs = if function.doc.is_some() {
                quote!(#[doc = ""] #docs)
            } else {
                TokenStream::new()
            };
            quote! {
                #[doc = #sig]
                #docs
                #oneway_doc
                #many_args
                fn #method_name(&self, #(#params),*)
                    -> impl __codegen::Future<Output = __codegen::Result<#success, #error>> + __codegen::Send;
            }
        });
    let service_docs = if service.doc.is_some() {
        quote!(#[doc = ""] #service_docs)
    } else {
        TokenStream::new()
    };
    quote! {
        #[doc = #summary]
        #service_docs
        pub trait #name: #supertraits {
            #(#methods)*
        }
    }
}
