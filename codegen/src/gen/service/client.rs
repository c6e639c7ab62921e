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
//! `__codegen::call` captures only `S` too, without which edition 2021
//! rejects every method (E0700). A child service's client holds its parent's client and
//! dereferences to it, so inherited methods are called the same way. A oneway
//! method resolves once the request is written.

use proc_macro2::TokenStream;
use quote::quote;
use trift_idl::model::Service;

use super::args::{arg_type, signature, success_type};
use super::{MethodNames, Parent, ServiceNames};
use crate::emit::{Ctx, doc};
use crate::ident;
use crate::names::SUCCESS_FIELD;
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
    let error_type = ident::ident(&method.error);
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
    let signature = quote! {
        #[doc = #sig]
        #docs
        #many_args
        pub fn #method_name(&self, #(#params),*)
            -> impl __codegen::Future<Output = __codegen::Result<#success, #error_type>>
                + __codegen::Send + 'static + use<S>
    };
    if function.oneway {
        return quote! {
            #signature {
                let request = __codegen::ClientRequest::oneway(#args_type::METHOD, #args_type { #(#fields),* });
                let sent = __codegen::call(self.service(), request);
                async move {
                    sent.await?;
                    __codegen::Ok(())
                }
            }
        };
    }
    let result_type = ident::ident(&method.result);
    let wire = &function.name;
    let throws = method
        .throw_fields
        .iter()
        .zip(&method.throw_variants)
        .map(|(field, variant)| {
            let field = ident::ident(field);
            let variant = ident::ident(variant);
            quote! {
                if let __codegen::Some(err) = result.#field {
                    return __codegen::Err(#error_type::#variant(err));
                }
            }
        });
    let success_field = ident::ident(SUCCESS_FIELD);
    let body = match (&function.return_type, function.throws.is_empty()) {
        (Some(_), _) => quote! {
            let result: #result_type = reply.await?.decode_result()?;
            if let __codegen::Some(success) = result.#success_field {
                return __codegen::Ok(success);
            }
            #(#throws)*
            __codegen::Err(__codegen::missing_result(#wire).into())
        },
        (None, true) => quote! {
            let #result_type {} = reply.await?.decode_result()?;
            __codegen::Ok(())
        },
        (None, false) => quote! {
            let result: #result_type = reply.await?.decode_result()?;
            #(#throws)*
            __codegen::Ok(())
        },
    };
    quote! {
        #signature {
            let request = __codegen::ClientRequest::call(#args_type::METHOD, #args_type { #(#fields),* });
            // Retry layers resend only requests marked idempotent (the
            // `(idempotent)` annotation on the IDL function).
            let request = if #args_type::IDEMPOTENT { request.idempotent() } else { request };
            let reply = __codegen::call(self.service(), request);
            async move {
                #body
            }
        }
    }
}
