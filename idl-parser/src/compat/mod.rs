//! The compatibility checker behind `trift compat OLD NEW`: compares two
//! versions of a contract and reports every change with a severity (see
//! [`Level`]) under a stable rule id (see [`Rule`]).
//!
//! It reads only the resolved [`crate::model`]: typedefs are followed on both
//! sides, definitions are matched by file and name (or paired through the
//! fields and methods that use them, which is how renames are found), and
//! every type reachable from a service method is traced back to it, so a
//! change deep in a shared struct names the methods it breaks.
//!
//! ```
//! use trift_idl::compat::{Contract, Options, Rule, compare};
//!
//! let old = Contract::from_source("old.thrift", "struct A { 1: i32 x }").unwrap();
//! let new = Contract::from_source("new.thrift", "struct A { 1: i64 x }").unwrap();
//! let report = compare(&old, &new, &Options::default());
//! assert_eq!(report.findings[0].rule, Rule::FieldTypeChanged);
//! ```

mod checker;
mod contract;
mod defs;
mod fields;
mod finding;
mod reach;
pub mod render;
mod rules;
mod services;
mod types;

pub use contract::Contract;
pub use finding::{Allow, Finding, Report};
pub use rules::{Level, Rule};

use crate::source::SourceMap;
use checker::Checker;

/// How to compare.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Breaks accepted on purpose (`--allow`); they are still reported.
    pub allow: Vec<Allow>,
}

/// Compares `old` with `new`. Never panics on input.
pub fn compare(old: &Contract, new: &Contract, options: &Options) -> Report {
    let mut checker = Checker::new(old, new);
    // Services first: their signatures pair renamed types before name
    // matching has to give up on them.
    checker.compare_services();
    checker.pair_by_name();
    checker.drain();
    checker.removed_and_added_types();
    checker.compare_consts();
    checker.compare_namespaces();
    let reached = checker.reach();
    let mut findings: Vec<Finding> = checker
        .findings
        .into_iter()
        .map(|raw| {
            let mut finding = raw.finding;
            if let Some(list) = raw.owner.and_then(|owner| reached.get(owner)) {
                finding.reached_by = list.clone();
            }
            if finding.allowed.is_none()
                && let Some(allow) = options.allow.iter().find(|a| a.covers(&finding))
            {
                finding.allowed = Some(format!("accepted by `--allow {allow}`"));
            }
            finding
        })
        .collect();
    findings.sort_by(|a, b| {
        let place = |f: &Finding| f.new.or(f.old).map(|s| (s.file, s.start));
        b.level()
            .cmp(&a.level())
            .then_with(|| place(a).cmp(&place(b)))
            .then_with(|| {
                a.old
                    .map(|s| (s.file, s.start))
                    .cmp(&b.old.map(|s| (s.file, s.start)))
            })
            .then_with(|| a.rule.cmp(&b.rule))
    });
    findings.dedup();
    Report {
        findings,
        sources: merged_sources(old, new),
    }
}

/// The old contract's files, then the new one's (new spans are shifted to match).
fn merged_sources(old: &Contract, new: &Contract) -> SourceMap {
    let mut sources = SourceMap::new();
    for (_, file) in old.sources.files().chain(new.sources.files()) {
        sources.add(file.path.clone(), file.text.clone());
    }
    let names: Vec<String> = old
        .sources
        .files()
        .chain(new.sources.files())
        .map(|(_, f)| f.name.clone())
        .collect();
    let mut next = names.into_iter();
    sources.rename(|path| next.next().unwrap_or_else(|| path.display().to_string()));
    sources
}
