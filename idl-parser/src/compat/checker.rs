//! The comparison's state: the two contracts, the findings so far, and the
//! pairs of definitions (old ↔ new) found to correspond, with the edges
//! between them that [`super::reach`] follows from service methods.
//!
//! Pairs are compared once each, from a work queue, so recursive and shared
//! types cost nothing extra and cannot loop.

use std::collections::{HashMap, VecDeque};

use super::contract::Contract;
use super::finding::Finding;
use super::rules::Rule;
use crate::model::{Annotation, DefRef, Enum, Struct};
use crate::span::{FileId, Span};

/// The annotation that accepts breaks in the new contract.
pub(super) const ALLOW_ANNOTATION: &str = "compat.allow";

/// What kind of definitions a pair holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum PairKind {
    /// Structs, unions or exceptions.
    Struct,
    /// Enums.
    Enum,
}

/// An old definition and the new one it became.
#[derive(Debug, Clone)]
pub(super) struct Pair {
    pub(super) kind: PairKind,
    pub(super) old: DefRef,
    pub(super) new: DefRef,
}

/// A service method whose messages carry a paired type.
#[derive(Debug, Clone)]
pub(super) struct Root {
    /// `Service.method`.
    pub(super) method: String,
    /// How the method reaches the pair, e.g. "argument `w`".
    pub(super) via: String,
    pub(super) pair: usize,
}

/// How a compared type is reached: through a field of the pair being
/// compared, or directly from a method.
#[derive(Debug, Clone)]
pub(super) enum Via {
    /// A field of the current pair (`Type.field`).
    Field(String),
    /// A method's argument, result or exception.
    Method {
        /// `Service.method`.
        method: String,
        /// E.g. "argument `w`".
        via: String,
    },
}

/// Where a finding points.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct At {
    pub(super) old: Option<Span>,
    pub(super) new: Option<Span>,
}

impl At {
    pub(super) fn both(old: Span, new: Span) -> At {
        At {
            old: Some(old),
            new: Some(new),
        }
    }
}

/// A finding before reach and acceptance are worked out.
#[derive(Debug)]
pub(super) struct Raw {
    pub(super) finding: Finding,
    /// The pair whose comparison raised it.
    pub(super) owner: Option<usize>,
}

pub(super) struct Checker<'a> {
    pub(super) old: &'a Contract,
    pub(super) new: &'a Contract,
    pub(super) findings: Vec<Raw>,
    pub(super) pairs: Vec<Pair>,
    pair_index: HashMap<(PairKind, DefRef, DefRef), usize>,
    queue: VecDeque<usize>,
    /// For every pair, the pairs its fields lead to, with the `Type.field` label.
    pub(super) edges: Vec<Vec<(usize, String)>>,
    pub(super) roots: Vec<Root>,
    /// The pair being compared.
    pub(super) owner: Option<usize>,
    /// Rule ids accepted by `compat.allow` on the new definitions being compared.
    allow_stack: Vec<Vec<String>>,
}

impl<'a> Checker<'a> {
    pub(super) fn new(old: &'a Contract, new: &'a Contract) -> Self {
        Checker {
            old,
            new,
            findings: Vec::new(),
            pairs: Vec::new(),
            pair_index: HashMap::new(),
            queue: VecDeque::new(),
            edges: Vec::new(),
            roots: Vec::new(),
            owner: None,
            allow_stack: Vec::new(),
        }
    }

    /// Records a finding at the current owner, accepted when an enclosing
    /// `compat.allow` annotation names its rule.
    pub(super) fn report(
        &mut self,
        rule: Rule,
        subject: impl Into<String>,
        message: impl Into<String>,
        impact: impl Into<String>,
        at: At,
    ) {
        let allowed = self
            .allow_stack
            .iter()
            .flatten()
            .any(|id| id == rule.id())
            .then(|| {
                format!(
                    "accepted by `{ALLOW_ANNOTATION} = \"{}\"` in the new contract",
                    rule.id()
                )
            });
        self.findings.push(Raw {
            finding: Finding {
                rule,
                subject: subject.into(),
                message: message.into(),
                impact: impact.into(),
                old: at.old,
                new: at.new.map(|span| self.shift(span)),
                reached_by: Vec::new(),
                allowed,
            },
            owner: self.owner,
        });
    }

    /// Runs `f` with the `compat.allow` ids of `annotations` in force.
    pub(super) fn with_allow<R>(
        &mut self,
        annotations: &[Annotation],
        f: impl FnOnce(&mut Self) -> R,
    ) -> R {
        let ids = annotations
            .iter()
            .filter(|a| a.key == ALLOW_ANNOTATION)
            .flat_map(|a| a.value.split(',').map(|id| id.trim().to_owned()))
            .collect();
        self.allow_stack.push(ids);
        let result = f(self);
        self.allow_stack.pop();
        result
    }

    /// New-side spans move past the old side's files in the merged source map.
    fn shift(&self, span: Span) -> Span {
        let n_old = u32::try_from(self.old.sources.files().count()).unwrap_or(u32::MAX);
        Span {
            file: FileId(span.file.0.saturating_add(n_old)),
            ..span
        }
    }

    /// The first line of an old definition's span (its header).
    pub(super) fn old_head(&self, span: Span) -> Span {
        head(self.old.sources.text(span), span)
    }

    /// The first line of a new definition's span (its header).
    pub(super) fn new_head(&self, span: Span) -> Span {
        head(self.new.sources.text(span), span)
    }

    /// The start of the old file matching the new file `file` (for additions).
    pub(super) fn old_file_start(&self, file: FileId) -> Option<Span> {
        let key = self.new.key(file);
        let found = self
            .old
            .model
            .files
            .iter()
            .find(|f| self.old.key(f.id) == key);
        found.map(|f| Span::new(f.id, 0, 0))
    }

    /// The start of the new file matching the old file `file` (for removals).
    pub(super) fn new_file_start(&self, file: FileId) -> Option<Span> {
        let key = self.old.key(file);
        let found = self
            .new
            .model
            .files
            .iter()
            .find(|f| self.new.key(f.id) == key);
        found.map(|f| Span::new(f.id, 0, 0))
    }

    /// The pair `old ↔ new`, created (and queued for comparison) if new; the
    /// edge from `via` to it is recorded either way.
    pub(super) fn pair(&mut self, kind: PairKind, old: &DefRef, new: &DefRef, via: Option<&Via>) {
        let key = (kind, old.clone(), new.clone());
        let index = match self.pair_index.get(&key) {
            Some(&index) => index,
            None => {
                let index = self.pairs.len();
                self.pairs.push(Pair {
                    kind,
                    old: old.clone(),
                    new: new.clone(),
                });
                self.edges.push(Vec::new());
                self.pair_index.insert(key, index);
                self.queue.push_back(index);
                index
            }
        };
        match via {
            Some(Via::Field(label)) => {
                if let Some(owner) = self.owner
                    && let Some(edges) = self.edges.get_mut(owner)
                {
                    edges.push((index, label.clone()));
                }
            }
            Some(Via::Method { method, via }) => self.roots.push(Root {
                method: method.clone(),
                via: via.clone(),
                pair: index,
            }),
            None => {}
        }
    }

    /// Whether `def` (old side) is the old half of some pair.
    pub(super) fn old_is_paired(&self, kind: PairKind, def: &DefRef) -> bool {
        self.pairs.iter().any(|p| p.kind == kind && p.old == *def)
    }

    /// Whether `def` (new side) is the new half of some pair.
    pub(super) fn new_is_paired(&self, kind: PairKind, def: &DefRef) -> bool {
        self.pairs.iter().any(|p| p.kind == kind && p.new == *def)
    }

    /// Compares queued pairs until none is left.
    pub(super) fn drain(&mut self) {
        while let Some(index) = self.queue.pop_front() {
            let Some(pair) = self.pairs.get(index).cloned() else {
                continue;
            };
            self.owner = Some(index);
            match pair.kind {
                PairKind::Struct => {
                    if let (Some(old), Some(new)) = (
                        self.old.model.find_struct(&pair.old),
                        self.new.model.find_struct(&pair.new),
                    ) {
                        self.compare_structs(old, new);
                    }
                }
                PairKind::Enum => {
                    if let (Some(old), Some(new)) = (
                        self.old.model.find_enum(&pair.old),
                        self.new.model.find_enum(&pair.new),
                    ) {
                        self.compare_enums(old, new);
                    }
                }
            }
            self.owner = None;
        }
    }

    /// Whether an old and a new definition may be the same one: same file key
    /// and name, or a rename (neither name exists on the other side).
    pub(super) fn pairable(&self, kind: PairKind, old: &DefRef, new: &DefRef) -> bool {
        let old_key = self.old.key(old.file);
        let new_key = self.new.key(new.file);
        if old_key == new_key && old.name == new.name {
            return true;
        }
        let (in_new, in_old) = match kind {
            PairKind::Struct => (
                self.new.struct_by_key(old_key, &old.name).is_some(),
                self.old.struct_by_key(new_key, &new.name).is_some(),
            ),
            PairKind::Enum => (
                self.new.enum_by_key(old_key, &old.name).is_some(),
                self.old.enum_by_key(new_key, &new.name).is_some(),
            ),
        };
        !in_new && !in_old
    }
}

/// The name of a struct-like definition's kind, for messages.
pub(super) fn struct_kind_name(s: &Struct) -> &'static str {
    match s.kind {
        crate::model::StructKind::Struct => "struct",
        crate::model::StructKind::Union => "union",
        crate::model::StructKind::Exception => "exception",
    }
}

/// The kind with its article: "a struct", "a union", "an exception".
pub(super) fn a_struct_kind(s: &Struct) -> &'static str {
    match s.kind {
        crate::model::StructKind::Struct => "a struct",
        crate::model::StructKind::Union => "a union",
        crate::model::StructKind::Exception => "an exception",
    }
}

/// Whether an enum has a value named `name`.
pub(super) fn enum_has(e: &Enum, name: &str) -> bool {
    e.values.iter().any(|v| v.name == name)
}

/// `span` cut at the end of the first line of `text` (its text).
fn head(text: &str, span: Span) -> Span {
    let line = text.split('\n').next().unwrap_or("");
    let line = line.trim_end().trim_end_matches('{').trim_end();
    let len = u32::try_from(line.len()).unwrap_or(0);
    if len == 0 {
        return span;
    }
    Span {
        end: span.start.saturating_add(len),
        ..span
    }
}
