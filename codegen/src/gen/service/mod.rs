//! Services: for each IDL `service Calc`, the items a server and a client of
//! it need, next to the file's data types.
//!
//! * [`args`]: per method `CalcAddArgs` and `CalcAddResult`, Apache's
//!   `add_args` and `add_result` structs with their wire names and ids
//!   (result field 0 is `success`, declared exceptions keep their ids), and
//!   for a method with declared exceptions its error enum ([`errors`]);
//! * [`handler`]: the handler trait `Calc` (one method per IDL method,
//!   returning a `Send` future; implementations write `async fn`);
//! * [`server`]: `CalcServer<H>`, the dispatcher, a tower service over
//!   server requests that serves the parent service's methods too;
//! * [`client`]: `CalcClient<S = Channel>`, the typed client over any client
//!   tower service, dereferencing to the parent's client.
//!
//! `Builder::build_server(false)` leaves out the handler trait and the
//! dispatcher, `build_client(false)` the client; with both off a service
//! generates nothing. Names do not depend on these switches.
//!
//! Items are flat in the file's module (no module per service), so types of
//! the file are in scope without extra `super::` hops. Their names come from
//! [`crate::names`], like every other name.

pub(crate) mod args;
pub(crate) mod client;
pub(crate) mod errors;
pub(crate) mod handler;
pub(crate) mod server;

use proc_macro2::TokenStream;
use quote::quote;
use trift_idl::model::{DefRef, File, Function};

use super::{Chunk, Ctx};
use crate::ident;
use crate::names::{MethodNames, ServiceNames};

/// The parent of a service: its definition and its names.
pub(crate) struct Parent<'a> {
    /// Where the parent is defined.
    pub(crate) def: &'a DefRef,
    /// Its names.
    pub(crate) names: &'a ServiceNames,
}

impl Parent<'_> {
    /// The path of one of the parent's items (`handler`, `server` or
    /// `client`) as seen from the current file.
    pub(crate) fn path(&self, ctx: &Ctx<'_>, item: &str) -> TokenStream {
        let name = ident::ident(item);
        ctx.in_module(self.def.file, quote!(#name))
    }
}

/// The wire name and annotations of a function, for method metadata.
pub(crate) fn annotations(function: &Function) -> Vec<TokenStream> {
    function
        .annotations
        .iter()
        .map(|annotation| {
            let key = &annotation.key;
            let value = &annotation.value;
            quote!((#key, #value))
        })
        .collect()
}

/// Every service item of `file`, handed to `sink` one chunk at a time: one
/// method's items (the argument and result structs and any error enum, when
/// either side is generated), then the handler trait and dispatcher for the
/// server side and the typed client for the client side, each on its own.
/// Small chunks keep the formatter's trees small: a service of hundreds of
/// methods would otherwise be one tree.
pub(crate) fn services(ctx: &Ctx<'_>, file: &File, sink: &mut dyn FnMut(Chunk)) {
    if !ctx.services.client && !ctx.services.server {
        return;
    }
    for (service, names) in file.services.iter().zip(ctx.names.services(file.id)) {
        let parent = service.extends.as_ref().and_then(|def| {
            Some(Parent {
                def,
                names: ctx.names.service(def)?,
            })
        });
        let methods = ctx.plan.methods(&DefRef {
            file: file.id,
            name: service.name.clone(),
        });
        for (plan, method) in methods.iter().zip(&names.methods) {
            sink(args::method_items(ctx, names, plan, method));
        }
        if ctx.services.server {
            sink(handler::handler_trait(ctx, service, names, methods, parent.as_ref()).into());
            sink(server::server(ctx, service, names, parent.as_ref()).into());
        }
        if ctx.services.client {
            sink(client::client(ctx, service, names, methods, parent.as_ref()).into());
        }
    }
}
