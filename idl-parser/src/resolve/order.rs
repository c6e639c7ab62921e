//! Definition order: what the reference compiler can see where.
//!
//! Apache Thrift resolves a constant's value, a default value and a `throws`
//! clause while it reads the file (`thrifty.yy`: the `Const`, `Field` and
//! `Throws` actions), so those see only definitions that end above them in
//! the same file; an included file is read completely before the file that
//! includes it. Everything else (field, argument and return types, typedef
//! targets) is resolved after the whole file and may refer forward.
//!
//! The check is driven by the value, as the reference's is: a type is needed
//! only where the value makes the checker look at it, so `const list<E> X = []`
//! needs nothing from `E`, while `[1]` needs `E` defined above.

use super::Resolver;
use super::types::MAX_CHAIN;
use crate::diagnostic::Diagnostic;
use crate::model::{DefRef, NamedKind, Type, TypeRef};
use crate::span::Span;

/// Why a name must be defined above its use, for the diagnostics' note.
const ORDER_NOTE: &str = "Apache Thrift checks constants, default values and `throws` clauses as it reads the file, so the types they need (through typedefs, and inside the containers and struct fields a value fills) and the constants and enum values they name must be defined above them";

/// A place whose names are resolved the moment the reference compiler reads it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct UseSite {
    /// What uses the names; definitions must end before its start.
    pub(crate) span: Span,
    /// What it is, for messages ("constant", "default value", "throws clause").
    pub(crate) what: &'static str,
}

impl UseSite {
    /// A site at `span`.
    pub(crate) fn new(span: Span, what: &'static str) -> Self {
        UseSite { span, what }
    }
}

impl Resolver<'_> {
    /// `ty` with typedefs followed, as seen from `site`: every named type on
    /// the way that lives in the site's file must be defined above it.
    /// `None` after reporting one that is not.
    pub(crate) fn true_type_at(&mut self, site: UseSite, ty: &TypeRef) -> Option<TypeRef> {
        let mut current = ty.clone();
        for _ in 0..MAX_CHAIN {
            let Type::Named { def, target } = &current.ty else {
                break;
            };
            if !self.type_visible(site, target, current.span) {
                return None;
            }
            if *def != NamedKind::Typedef {
                break;
            }
            let Some(typedef) = self.find_typedef(target) else {
                break;
            };
            current = typedef.ty.clone();
        }
        Some(current)
    }

    /// Whether definition `target`, named at `used`, is visible from `site`;
    /// reports it (once per site and use) when it is not.
    fn type_visible(&mut self, site: UseSite, target: &DefRef, used: Span) -> bool {
        if target.file != site.span.file {
            return true;
        }
        let Some(&(_, defined)) = self.tables[target.file.0 as usize].types.get(&target.name)
        else {
            return true;
        };
        if defined.ends_before(site.span.start) {
            return true;
        }
        if self.reported_order.insert((site.span, used)) {
            let what = format!("type `{}`", target.name);
            self.error(used_before_defined(&what, used, site, defined.name));
        }
        false
    }

    /// Reports constant or enum `what` (e.g. "constant `B`"), named at
    /// `used` by `site` but defined below it, at `defined`.
    pub(crate) fn value_defined_later(
        &mut self,
        what: &str,
        used: Span,
        site: UseSite,
        defined: Span,
    ) {
        if !self.reported_order.insert((site.span, used)) {
            return;
        }
        if defined == site.span {
            self.error(
                Diagnostic::error(format!("{what} refers to itself"))
                    .at(used, "used here")
                    .with_label(defined, "in its own definition")
                    .with_note("a constant's value can only name constants defined above it"),
            );
            return;
        }
        self.error(used_before_defined(what, used, site, defined));
    }
}

fn used_before_defined(what: &str, used: Span, site: UseSite, defined: Span) -> Diagnostic {
    let mut diagnostic =
        Diagnostic::error(format!("{what} is used before it is defined")).at(used, "used here");
    let site_holds_use = site.span.start <= used.start && used.end <= site.span.end;
    if !site_holds_use {
        diagnostic = diagnostic.with_label(site.span, format!("by this {}", site.what));
    }
    diagnostic
        .with_label(defined, "defined later here")
        .with_note(ORDER_NOTE)
}
