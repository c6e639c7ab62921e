//! Services: for each IDL `service Calc`, the items a server and a client of
//! it need, next to the file's data types.
//!
//! * [`args`]: per method `CalcAddArgs` and `CalcAddResult`, Apache's
//!   `add_args` and `add_result` structs with their wire names and ids
//!   (result field 0 is `success`, declared exceptions keep their ids), and
//!   `CalcAddError`, the per-method error enum;
//! * [`handler`]: the handler trait `Calc` (one method per IDL method,
//!   returning a `Send` future; implementations write `async fn`);
//! * [`server`]: `CalcServer<H>`, the dispatcher, a tower service over
//!   server requests that serves the parent service's methods too;
//! * [`client`]: `CalcClient<S = Channel>`, the typed client over any client
//!   tower service, dereferencing to the parent's client.
//!
//! Items are flat in the file's module (no module per service), so types of
//! the file are in scope without extra `super::` hops. Their names are
//! decided here, by [`ServiceNames::of_file`], identically for the file that
//! defines a service and for a file whose service extends it.

pub(crate) mod args;
pub(crate) mod client;
pub(crate) mod handler;
pub(crate) mod server;

use std::collections::{HashMap, HashSet};

use proc_macro2::TokenStream;
use quote::quote;
use trift_idl::model::{DefRef, File, Function, Service};
use trift_idl::span::FileId;

use super::Ctx;
use crate::ident;

/// Method names a client already uses for itself.
const CLIENT_RESERVED: [&str; 2] = ["new", "service"];
/// Variants every method error enum has.
const ERROR_RESERVED: [&str; 3] = ["Application", "Transport", "Protocol"];

/// The Rust names of one method's items.
#[derive(Debug, Clone)]
pub(crate) struct MethodNames {
    /// The handler and client method (`add`).
    pub(crate) method: String,
    /// The args struct (`CalcAddArgs`).
    pub(crate) args: String,
    /// The result struct (`CalcAddResult`).
    pub(crate) result: String,
    /// The error enum (`CalcAddError`).
    pub(crate) error: String,
    /// Per argument: the field (and parameter) name.
    pub(crate) arg_fields: Vec<String>,
    /// Per declared exception: the result struct field.
    pub(crate) throw_fields: Vec<String>,
    /// Per declared exception: the error enum variant.
    pub(crate) throw_variants: Vec<String>,
}

/// The Rust names of one service's items.
#[derive(Debug, Clone)]
pub(crate) struct ServiceNames {
    /// The IDL name.
    pub(crate) idl: String,
    /// The handler trait (`Calc`).
    pub(crate) handler: String,
    /// The dispatcher (`CalcServer`).
    pub(crate) server: String,
    /// The typed client (`CalcClient`).
    pub(crate) client: String,
    /// Per function, in declaration order.
    pub(crate) methods: Vec<MethodNames>,
}

/// Hands out unique escaped names within one scope by appending `_`.
struct Scope(HashSet<String>);

impl Scope {
    fn new<'a>(taken: impl IntoIterator<Item = &'a str>) -> Self {
        Scope(taken.into_iter().map(str::to_owned).collect())
    }

    fn claim(&mut self, cased: String) -> String {
        let mut candidate = cased;
        loop {
            let escaped = ident::escape(&candidate);
            let plain = escaped.trim_start_matches("r#").to_owned();
            if self.0.insert(plain) {
                return escaped;
            }
            candidate.push('_');
        }
    }
}

impl ServiceNames {
    /// The names for every service of `file`, in declaration order. Type
    /// names of the file's data types are taken first; a service whose
    /// items would clash gets `Service` (then a number) appended to its name.
    pub(crate) fn of_file(ctx: &Ctx<'_>, file: &File) -> Vec<ServiceNames> {
        let def = |name: &str| DefRef {
            file: file.id,
            name: name.to_owned(),
        };
        let mut taken: HashSet<String> = file
            .typedefs
            .iter()
            .map(|t| &t.name)
            .chain(file.enums.iter().map(|e| &e.name))
            .chain(file.structs.iter().map(|s| &s.name))
            .map(|name| {
                ctx.names
                    .type_name(&def(name))
                    .trim_start_matches("r#")
                    .to_owned()
            })
            .collect();
        file.services
            .iter()
            .map(|service| {
                let camel = ident::upper_camel(&service.name);
                // `Calc`, then `CalcService`, `CalcService2`, ...: a `_` in
                // the middle of `Calc_Server` would not be camel case.
                let mut attempt = 0usize;
                loop {
                    let base = match attempt {
                        0 => camel.clone(),
                        1 => format!("{camel}Service"),
                        n => format!("{camel}Service{n}"),
                    };
                    let names = Self::with_base(service, &base);
                    let items = names.item_names();
                    let unique: HashSet<&str> = items.iter().map(|s| s.as_str()).collect();
                    if unique.len() == items.len()
                        && items
                            .iter()
                            .all(|item| !taken.contains(item.trim_start_matches("r#")))
                    {
                        taken.extend(items.iter().map(|s| s.trim_start_matches("r#").to_owned()));
                        return names;
                    }
                    attempt += 1;
                }
            })
            .collect()
    }

    fn with_base(service: &Service, base: &str) -> ServiceNames {
        let mut methods = Scope::new(CLIENT_RESERVED);
        ServiceNames {
            idl: service.name.clone(),
            handler: ident::escape(base),
            server: format!("{base}Server"),
            client: format!("{base}Client"),
            methods: service
                .functions
                .iter()
                .map(|function| {
                    let method = methods.claim(ident::snake(&function.name));
                    let camel = ident::upper_camel(&function.name);
                    let mut fields = Scope::new([]);
                    let arg_fields = function
                        .args
                        .iter()
                        .map(|arg| fields.claim(ident::snake(&arg.name)))
                        .collect();
                    let mut result_fields = Scope::new(["success"]);
                    let throw_fields = function
                        .throws
                        .iter()
                        .map(|throw| result_fields.claim(ident::snake(&throw.name)))
                        .collect();
                    let mut variants = Scope::new(ERROR_RESERVED);
                    let throw_variants = function
                        .throws
                        .iter()
                        .map(|throw| variants.claim(ident::upper_camel(&throw.name)))
                        .collect();
                    MethodNames {
                        method,
                        args: format!("{base}{camel}Args"),
                        result: format!("{base}{camel}Result"),
                        error: format!("{base}{camel}Error"),
                        arg_fields,
                        throw_fields,
                        throw_variants,
                    }
                })
                .collect(),
        }
    }

    /// Every item name this service puts in the file's module.
    fn item_names(&self) -> Vec<String> {
        let mut items = vec![
            self.handler.clone(),
            self.server.clone(),
            self.client.clone(),
        ];
        for method in &self.methods {
            items.push(method.args.clone());
            items.push(method.result.clone());
            items.push(method.error.clone());
        }
        items
    }
}

/// The parent of a service: its definition and its names.
pub(crate) struct Parent<'a> {
    /// Where the parent is defined.
    pub(crate) def: &'a DefRef,
    /// Its names.
    pub(crate) names: ServiceNames,
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

/// Every service item of `file`, handed to `sink` one method's items (args,
/// result, error) or one service item (handler, server, client) at a time.
pub(crate) fn services(ctx: &Ctx<'_>, file: &File, sink: &mut dyn FnMut(TokenStream)) {
    let all_names = ServiceNames::of_file(ctx, file);
    // Names of other files' services, decided once per file: asking
    // `ServiceNames::of` per service would be quadratic in a file's services.
    let mut other_files: HashMap<FileId, Vec<ServiceNames>> = HashMap::new();
    for (service, names) in file.services.iter().zip(&all_names) {
        let parent = service.extends.as_ref().and_then(|def| {
            let in_file = if def.file == file.id {
                &all_names
            } else {
                let other = ctx.lookup.model().file(def.file)?;
                other_files
                    .entry(def.file)
                    .or_insert_with(|| ServiceNames::of_file(ctx, other))
            };
            let names = in_file.iter().find(|names| names.idl == def.name)?;
            Some(Parent {
                def,
                names: names.clone(),
            })
        });
        // One chunk per method and per service item keeps each chunk small
        // (a service of hundreds of methods would otherwise be one tree).
        for (function, method) in service.functions.iter().zip(&names.methods) {
            sink(args::method_items(ctx, names, function, method));
        }
        sink(handler::handler_trait(ctx, service, names, parent.as_ref()));
        sink(server::server(ctx, service, names, parent.as_ref()));
        sink(client::client(ctx, service, names, parent.as_ref()));
    }
}
