//! The typed client: `CalcClient<S = trift::Channel>` over any
//! `trift::client::ClientService` (a `Channel`, or tower layers around one).
//!
//! Cheap to clone when `S` is (a `Channel` is an `Arc`). Each method builds
//! the request and clones the service before its future starts, so the
//! future borrows nothing: it is `Send + 'static` and can be spawned, and `S`
//! need not be `Sync`. The return type says so with `use<S>` (precise
//! capturing) in every edition: edition 2024 would otherwise capture the
//! borrow of `self`, and a future could not outlive its client (a function
//! taking the client by value could not return the future). The runtime's
//! `__codegen::call_method` (and `call_oneway`) captures only `S` and the
//! method's own types too, without which edition 2021 rejects every method
//! (E0700); it also marks idempotent calls and reads the result struct
//! through its `MethodResult` impl, so a method's body is one call. A child service's client holds its parent's client and
//! dereferences to it, so inherited methods are called the same way. A oneway
//! method resolves once the request is written.

use proc_macro2::TokenStream;
use quote::quote;
use trift_idl::model::Service;

use super::args::{arg_type, error_type, signature, success_type};
use super::{MethodNames, Parent, ServiceNames};
use crate::emit::{Ctx, doc};
use crate::ident;
use crate::plan::MethodPlan;

/// The typed client of `service`.
pub(crate) fn client(
    ctx: &Ctx<'_>,
    service: &Service,
    names: &ServiceNames,
    methods: &[MethodPlan<'_>],
    parent: Option<&Parent<'_>>,
) -> TokenStream {
    let name = ident::ident(&names.client);
    let summary = format!(
        " The typed client of service `{}`: one method per IDL method, each returning a `Send + 'static` future.",
        service.name
    );
    let methods = methods
        .iter()
        .zip(&names.methods)
        .map(|(plan, method)| client_method(ctx, plan, method));
    let (definition, constructor) = match parent {
        Some(parent) => {
            let parent_client = parent.path(ctx, &parent.names.client);
            let deref_doc = format!(
                " Dereferences to the client of `{}` for the inherited methods.",
                parent.names.idl
            );
            (
                quote! {
                    #[doc = #summary]
                    #[doc = ""]
                    #[doc = #deref_doc]
                    #[derive(Debug, Clone)]
                    pub struct #name<S = __codegen::Channel> {
                        parent: #parent_client<S>,
                    }

                    impl<S> __codegen::Deref for #name<S> {
                        type Target = #parent_client<S>;

                        fn deref(&self) -> &Self::Target {
                            &self.parent
                        }
                    }
                },
                quote! {
                    /// A client calling through `service` (a `trift::Channel`,
                    /// or a tower stack around one).
                    pub fn new(service: S) -> Self {
                        Self { parent: #parent_client::new(service) }
                    }
                },
            )
        }
        None => (
            quote! {
                #[doc = #summary]
                #[derive(Debug, Clone)]
                pub struct #name<S = __codegen::Channel> {
                    service: S,
                }
            },
            quote! {
                /// A client calling through `service` (a `trift::Channel`,
                /// or a tower stack around one).
                pub fn new(service: S) -> Self {
                    Self { service }
                }

                /// The service calls go through.
                pub fn service(&self) -> &S {
                    &self.service
                }
            },
        ),
    };
    quote! {
        #definition

        impl<S> #name<S> {
            #constructor
        }

        impl<S: __codegen::ClientService> #name<S> {
            #(#methods)*
        }
    }
}

fn client_method(ctx: &Ctx<'_>, plan: &MethodPlan<'_>, method: &MethodNames) -> TokenStream {
    let function = plan.function;
    let method_name = ident::ident(&method.method);
    let args_type = ident::ident(&method.args);
    let error_type = error_type(plan, method);
    let fields: Vec<_> = method.arg_fields.iter().map(|f| ident::ident(f)).collect();
    let params = plan.args.iter().zip(&fields).map(|(arg, field)| {
        let rust_type = arg_type(ctx, arg);
        quote!(#field: #rust_type)
    });
    let success = success_type(ctx, plan);
    let sig = format!(" `{}`", signature(function));
    let many_args = super::args::many_args(function);
    let docs = if function.doc.is_some() {
        let docs = doc(function.doc.as_deref());
        quote!(#[doc = ""] #docs)
    } else {
        TokenStream::new()
    };
    let args = quote!(#args_type { #(#fields),* });
    let call = if function.oneway {
        quote!(__codegen::call_oneway(self.service(), #args))
    } else {
        quote!(__codegen::call_method(self.service(), #args))
    };
    quote! {
        #[doc = #sig]
        #docs
        #many_args
        pub fn #method_name(&self, #(#params),*)
            -> impl __codegen::Future<Output = __codegen::Result<#success, #error_type>>
                + __codegen::Send + 'static + use<S>
        {
            #call
        }
    }
}
