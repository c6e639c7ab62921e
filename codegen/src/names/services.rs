//! The Rust names of each service's items: handler trait, dispatcher,
//! client, and per method its client/handler method, args, result and error
//! types, their fields and the error enum's variants.
//!
//! A service's items sit flat in its file's module, next to the file's data
//! types, so they are named after the file's type names are decided: a
//! service whose items would clash with a type or with an earlier service's
//! items gets `Service` (then a number) appended to its base name (`Calc`,
//! `CalcService`, `CalcService2`, ...: a `_` in the middle of `Calc_Server`
//! would not be camel case). Within a service, method names avoid the
//! client's own `new` and `service`; result fields avoid [`SUCCESS_FIELD`]; error
//! variants avoid `Application`, `Transport` and `Protocol`.

use std::collections::HashSet;

use trift_idl::model::{File, Service};

use crate::ident;

/// The result struct's field for a method's return value (id 0; also its
/// wire name, as in Apache's `m_result`).
pub(crate) const SUCCESS_FIELD: &str = "success";

/// Method names a client already uses for itself.
const CLIENT_RESERVED: [&str; 2] = ["new", "service"];
/// Variants every method error enum has.
const ERROR_RESERVED: [&str; 4] = ["Application", "Transport", "Refused", "Protocol"];

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

/// The names of every service of `file`, in declaration order; `taken` holds
/// the file's type names (without `r#`).
pub(super) fn of_file(file: &File, mut taken: HashSet<String>) -> Vec<ServiceNames> {
    file.services
        .iter()
        .map(|service| {
            let camel = ident::upper_camel(&service.name);
            let mut attempt = 0usize;
            loop {
                let base = match attempt {
                    0 => camel.clone(),
                    1 => format!("{camel}Service"),
                    n => format!("{camel}Service{n}"),
                };
                let names = with_base(service, &base);
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
                let mut result_fields = Scope::new([SUCCESS_FIELD]);
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

impl ServiceNames {
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
