//! Facts about types that need the whole model: which fields must be boxed,
//! and which traits each generated type can derive.
//!
//! Boxing: a struct-like type holds another by value through a field whose
//! type (after typedefs, outside any container) is a struct, union or
//! exception. Those edges form a graph; a field is boxed when its edge lies on
//! a cycle, i.e. both ends are in the same strongly connected component
//! (Tarjan). Fields behind a list, set or map are never boxed: the container
//! already allocates. Fields marked `&` in the IDL are always boxed (when they
//! hold a struct-like value).
//!
//! Traits: Eq, Hash, Ord and Default are decided per type as the greatest
//! fixpoint over the same graph (a recursive type derives what every field
//! allows), and Default as the least fixpoint (a type whose every value
//! contains another of itself by value has no finite default and gets none).

use std::collections::HashMap;

use trift_idl::model::{BaseType, DefRef, Model, NamedKind, Requiredness, Struct, Type, TypeRef};

use crate::lookup::Lookup;

/// The traits a Rust type implements, beyond Debug, Clone and PartialEq.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Traits {
    /// `Eq`.
    pub(crate) eq: bool,
    /// `Hash`.
    pub(crate) hash: bool,
    /// `PartialOrd` and `Ord`.
    pub(crate) ord: bool,
    /// `Default`.
    pub(crate) default: bool,
}

impl Traits {
    pub(crate) const ALL: Traits = Traits {
        eq: true,
        hash: true,
        ord: true,
        default: true,
    };

    pub(crate) fn and(self, other: Traits) -> Traits {
        Traits {
            eq: self.eq && other.eq,
            hash: self.hash && other.hash,
            ord: self.ord && other.ord,
            default: self.default && other.default,
        }
    }
}

/// Boxing decisions and derivable traits for every struct-like type.
#[derive(Debug, Default)]
pub(crate) struct Analysis {
    /// Struct-like type -> per field: boxed?
    boxed: HashMap<DefRef, Vec<bool>>,
    /// Struct-like type -> per field: on a cycle (and so held in a Box)?
    cyclic: HashMap<DefRef, Vec<bool>>,
    /// Struct-like type -> traits.
    traits: HashMap<DefRef, Traits>,
    /// Types mapped to user types with `extern_type`.
    externs: Vec<DefRef>,
}

/// The struct-like type a field holds by value (through typedefs), if any.
pub(crate) fn by_value_target<'m>(lookup: &Lookup<'m>, ty: &'m TypeRef) -> Option<&'m DefRef> {
    match &lookup.true_type(ty).ty {
        Type::Named {
            def: NamedKind::Struct | NamedKind::Union | NamedKind::Exception,
            target,
        } => Some(target),
        _ => None,
    }
}

impl Analysis {
    /// Analyses `model`; `externs` are types replaced by user Rust types.
    pub(crate) fn new(model: &Model, lookup: &Lookup<'_>, externs: Vec<DefRef>) -> Analysis {
        let structs: Vec<(DefRef, &Struct)> = model
            .files
            .iter()
            .flat_map(|file| {
                file.structs.iter().map(move |s| {
                    (
                        DefRef {
                            file: file.id,
                            name: s.name.clone(),
                        },
                        s,
                    )
                })
            })
            .collect();
        let index: HashMap<&DefRef, usize> = structs
            .iter()
            .enumerate()
            .map(|(i, (d, _))| (d, i))
            .collect();
        let edges: Vec<Vec<usize>> = structs
            .iter()
            .map(|(_, s)| {
                s.fields
                    .iter()
                    .filter_map(|f| by_value_target(lookup, &f.ty))
                    .filter(|t| !externs.contains(t))
                    .filter_map(|t| index.get(t).copied())
                    .collect()
            })
            .collect();
        let component = strongly_connected(&edges);
        let mut analysis = Analysis {
            externs,
            ..Analysis::default()
        };
        for (i, (def, s)) in structs.iter().enumerate() {
            let mut boxed = Vec::new();
            let mut cyclic = Vec::new();
            for field in &s.fields {
                let target = by_value_target(lookup, &field.ty)
                    .filter(|t| !analysis.externs.contains(t))
                    .and_then(|t| index.get(t).copied());
                let on_cycle = target.is_some_and(|t| component.get(t) == component.get(i));
                cyclic.push(on_cycle);
                boxed.push(on_cycle || (field.reference && target.is_some()));
            }
            analysis.boxed.insert(def.clone(), boxed);
            analysis.cyclic.insert(def.clone(), cyclic);
        }
        analysis.compute_traits(lookup, &structs);
        analysis
    }

    fn compute_traits(&mut self, lookup: &Lookup<'_>, structs: &[(DefRef, &Struct)]) {
        // Greatest fixpoint for Eq/Hash/Ord, least fixpoint for Default.
        for (def, _) in structs {
            self.traits.insert(
                def.clone(),
                Traits {
                    default: false,
                    ..Traits::ALL
                },
            );
        }
        loop {
            let mut changed = false;
            for (def, s) in structs {
                let mut traits = Traits::ALL;
                for (i, field) in s.fields.iter().enumerate() {
                    let mut field_traits = self.of_type(lookup, &field.ty, false);
                    let optional = field.requiredness == Requiredness::Optional
                        || s.kind == trift_idl::model::StructKind::Union
                        || (self.is_cyclic(def, i) && field.requiredness == Requiredness::Default);
                    if optional {
                        field_traits.default = true;
                    }
                    traits = traits.and(field_traits);
                }
                if s.kind == trift_idl::model::StructKind::Union {
                    traits.default = true;
                }
                if self.traits.get(def) != Some(&traits) {
                    self.traits.insert(def.clone(), traits);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// Whether field `index` of `def` is held in a `Box`.
    pub(crate) fn is_boxed(&self, def: &DefRef, index: usize) -> bool {
        self.boxed
            .get(def)
            .and_then(|b| b.get(index))
            .copied()
            .unwrap_or(false)
    }

    /// Whether field `index` of `def` closes a by-value cycle.
    pub(crate) fn is_cyclic(&self, def: &DefRef, index: usize) -> bool {
        self.cyclic
            .get(def)
            .and_then(|b| b.get(index))
            .copied()
            .unwrap_or(false)
    }

    /// Whether `def` is replaced by a user type.
    pub(crate) fn is_extern(&self, def: &DefRef) -> bool {
        self.externs.contains(def)
    }

    /// The traits of a struct-like type.
    pub(crate) fn struct_traits(&self, def: &DefRef) -> Traits {
        if self.is_extern(def) {
            return Traits {
                eq: false,
                hash: false,
                ord: false,
                default: true,
            };
        }
        self.traits.get(def).copied().unwrap_or(Traits {
            default: false,
            ..Traits::ALL
        })
    }

    /// The traits of the Rust type generated for `ty`; `key` selects the form
    /// used inside set elements and map keys (see the `ty` generator module).
    pub(crate) fn of_type(&self, lookup: &Lookup<'_>, ty: &TypeRef, key: bool) -> Traits {
        match &ty.ty {
            Type::Base {
                base: BaseType::Double,
            } if !key => Traits {
                default: true,
                eq: false,
                hash: false,
                ord: false,
            },
            Type::Base { .. } => Traits::ALL,
            Type::List { elem, .. } => Traits {
                default: true,
                ..self.of_type(lookup, elem, key)
            },
            Type::Set { elem, .. } => {
                let elem_traits = self.of_type(lookup, elem, true);
                if key || !(elem_traits.eq && elem_traits.hash) {
                    // BTreeSet or VecSet: as good as the element.
                    Traits {
                        default: true,
                        ..elem_traits
                    }
                } else {
                    Traits {
                        eq: true,
                        hash: false,
                        ord: false,
                        default: true,
                    }
                }
            }
            Type::Map {
                key: key_ty, value, ..
            } => {
                let key_traits = self.of_type(lookup, key_ty, true);
                let value_traits = self.of_type(lookup, value, key);
                if key || !(key_traits.eq && key_traits.hash) {
                    Traits {
                        default: true,
                        ..key_traits.and(value_traits)
                    }
                } else {
                    Traits {
                        eq: value_traits.eq,
                        hash: false,
                        ord: false,
                        default: true,
                    }
                }
            }
            Type::Named {
                def: NamedKind::Enum,
                ..
            } => Traits::ALL,
            Type::Named {
                def: NamedKind::Typedef,
                ..
            } => {
                let target = lookup.true_type(ty);
                if std::ptr::eq(target, ty) {
                    Traits::ALL
                } else {
                    self.of_type(lookup, target, key)
                }
            }
            Type::Named { target, .. } => self.struct_traits(target),
        }
    }
}

/// Tarjan's algorithm, iteratively: the component number of every node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        // Frames of (node, next edge to look at).
        let mut frames = vec![(root, 0usize)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = frames.last_mut() {
            if let Some(&succ) = edges[node].get(*edge) {
                *edge += 1;
                if index[succ] == usize::MAX {
                    index[succ] = next_index;
                    low[succ] = next_index;
                    next_index += 1;
                    stack.push(succ);
                    on_stack[succ] = true;
                    frames.push((succ, 0));
                } else if on_stack[succ] {
                    low[node] = low[node].min(index[succ]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn components_group_cycles_and_keep_self_loops_apart_from_chains() {
        // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 3 loops; 4 -> 0 is a chain into it.
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        let c = strongly_connected(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[0]);
    }
}
