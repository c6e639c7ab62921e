//! The dispatcher: `CalcServer<H>`, a cheap `Clone` tower service over
//! server requests; each method is one call of the runtime's `serve` (or
//! `serve_oneway`), which decodes the arguments, runs the handler and builds
//! the reply.
//!
//! `CalcServer::dispatch` tries the service's own methods, then the parent's
//! `dispatch` (so a child serves the whole `extends` chain, across includes
//! too), and gives the request back when no service in the chain has the
//! method; the tower service then answers `UNKNOWN_METHOD`. Arguments that do
//! not decode are answered `PROTOCOL_ERROR` without calling the handler. A
//! declared exception becomes its field in the result struct; any other
//! error becomes a `TApplicationException`. Oneway methods answer nothing and
//! log a handler error. Panics are the server's business (it catches them
//! and answers `INTERNAL_ERROR`).

use proc_macro2::TokenStream;
use quote::quote;
use trift_idl::model::{Function, Service};

use super::{MethodNames, Parent, ServiceNames};
use crate::emit::Ctx;
use crate::ident;

/// The dispatcher of `service`.
pub(crate) fn server(
    ctx: &Ctx<'_>,
    service: &Service,
    names: &ServiceNames,
    parent: Option<&Parent<'_>>,
) -> TokenStream {
    let handler_trait = ident::ident(&names.handler);
    let name = ident::ident(&names.server);
    let fallback = match parent {
        Some(parent) => {
            let path = parent.path(ctx, &parent.names.server);
            quote!(#path::<H>::dispatch(handler, request))
        }
        None => quote!(__codegen::Err(request)),
    };
    let unused_handler =
        (parent.is_none() && service.functions.is_empty()).then(|| quote!(let _ = handler;));
    let dispatch_body = if service.functions.is_empty() {
        quote!(#unused_handler #fallback)
    } else {
        let arms = service
            .functions
            .iter()
            .zip(&names.methods)
            .map(|(function, method)| arm(&handler_trait, function, method));
        quote! {
            match request.method() {
                #(#arms)*
                _ => #fallback,
            }
        }
    };
    let summary = format!(
        " Serves a [`{}`] handler: a tower service over `trift::ServerRequest`s to hand to `trift::Server`.",
        names.handler
    );
    let chain = match parent {
        Some(parent) => format!(
            " Serves `{}`'s methods, then those of `{}` and its parents.",
            service.name, parent.names.idl
        ),
        None => format!(" Serves `{}`'s methods.", service.name),
    };
    quote! {
        #[doc = #summary]
        #[doc = ""]
        #[doc = #chain]
        #[derive(Debug)]
        pub struct #name<H: ?__codegen::Sized> {
            handler: __codegen::Arc<H>,
        }

        impl<H> #name<H> {
            /// Serves `handler`.
            pub fn new(handler: H) -> Self {
                Self { handler: __codegen::Arc::new(handler) }
            }
        }

        impl<H: ?__codegen::Sized> #name<H> {
            /// Serves a shared handler.
            pub fn from_arc(handler: __codegen::Arc<H>) -> Self {
                Self { handler }
            }

            /// The handler.
            pub fn handler(&self) -> &__codegen::Arc<H> {
                &self.handler
            }
        }

        impl<H: #handler_trait + ?__codegen::Sized> #name<H> {
            /// Dispatches `request` to the handler method of its name (this
            /// service's or a parent's), or gives it back when there is none.
            // Handing the request back by value avoids an allocation per call.
            #[allow(clippy::result_large_err)]
            pub fn dispatch(
                handler: &__codegen::Arc<H>,
                request: __codegen::ServerRequest,
            ) -> __codegen::Result<__codegen::BoxReplyFuture, __codegen::ServerRequest> {
                #dispatch_body
            }
        }

        impl<H: ?__codegen::Sized> __codegen::Clone for #name<H> {
            fn clone(&self) -> Self {
                Self { handler: __codegen::Arc::clone(&self.handler) }
            }
        }

        impl<H: #handler_trait + ?__codegen::Sized> __codegen::Service<__codegen::ServerRequest> for #name<H> {
            type Response = __codegen::Option<__codegen::ServerReply>;
            type Error = __codegen::Infallible;
            type Future = __codegen::BoxReplyFuture;

            fn poll_ready(
                &mut self,
                _cx: &mut __codegen::Context<'_>,
            ) -> __codegen::Poll<__codegen::Result<(), __codegen::Infallible>> {
                __codegen::Poll::Ready(__codegen::Ok(()))
            }

            fn call(&mut self, request: __codegen::ServerRequest) -> __codegen::BoxReplyFuture {
                match Self::dispatch(&self.handler, request) {
                    __codegen::Ok(future) => future,
                    __codegen::Err(request) => __codegen::ready_reply(request.unknown_method()),
                }
            }
        }
    }
}

/// The match arm serving one method: the runtime's `serve` (or
/// `serve_oneway`) with a closure calling the handler; its argument's type,
/// the args struct, decides every other type.
fn arm(
    handler_trait: &proc_macro2::Ident,
    function: &Function,
    method: &MethodNames,
) -> TokenStream {
    let wire = &function.name;
    let method_name = ident::ident(&method.method);
    let args_type = ident::ident(&method.args);
    let fields: Vec<_> = method.arg_fields.iter().map(|f| ident::ident(f)).collect();
    // Called by its full path: a method named like one of `Arc`'s
    // (`clone`, `as_ref`) must still reach the handler.
    let (args, call) = if fields.is_empty() {
        (
            quote!(_: #args_type),
            quote!(<H as #handler_trait>::#method_name(&*handler)),
        )
    } else {
        (
            quote!(args: #args_type),
            quote!(<H as #handler_trait>::#method_name(&*handler, #(args.#fields),*)),
        )
    };
    let serve = if function.oneway {
        quote!(__codegen::serve_oneway)
    } else {
        quote!(__codegen::serve)
    };
    quote! {
        #wire => __codegen::Ok(#serve(handler, request, |handler, #args| async move {
            #call.await
        })),
    }
}
