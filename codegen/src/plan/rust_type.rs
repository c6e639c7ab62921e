//! The Rust type of an IDL type reference, decided once from the model and
//! spelled per file by the emitters (`gen/ty.rs`).
//!
//! Base types map to `bool`, `i8`..`i64`, `f64`, `String`, `Bytes` (binary)
//! and `Uuid`; lists to `Vec`; typedefs to their alias; definitions to their
//! generated (or `extern_type`) type. Sets and maps depend on their key type:
//!
//! * a key whose Rust form is `Hash + Eq` gives `HashSet` / `HashMap`;
//! * otherwise (a struct with a `double` or a map inside) `VecSet` / `VecMap`,
//!   which keep the entries in wire order.
//!
//! Inside a set element or map key ("key form") a `double` becomes
//! `OrderedF64`, and nested sets and maps become `BTreeSet` / `BTreeMap`
//! (which are `Hash + Eq + Ord` when their contents are), falling back to
//! `VecSet` / `VecMap`. A typedef in key position is expanded when its key form
//! differs from the alias.

use trift_idl::model::{BaseType, DefRef, NamedKind, Type, TypeRef};

use crate::analysis::Analysis;
use crate::lookup::Lookup;

/// Which collection holds a set's elements or a map's entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Collection {
    /// `HashSet` / `HashMap`.
    Hash,
    /// `BTreeSet` / `BTreeMap`.
    BTree,
    /// `VecSet` / `VecMap`: entries in wire order.
    Vec,
}

/// A Rust type, with every decision made; only paths to definitions are left
/// to spell, because they depend on the file that names them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RustType<'m> {
    /// `bool`.
    Bool,
    /// `i8`.
    I8,
    /// `i16`.
    I16,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// `OrderedF64`: a `double` in key form.
    OrderedF64,
    /// `String`.
    String,
    /// `Bytes`.
    Bytes,
    /// `Uuid`.
    Uuid,
    /// `Vec<T>`.
    List(Box<RustType<'m>>),
    /// A set of elements.
    Set(Collection, Box<RustType<'m>>),
    /// A map from keys to values.
    Map(Collection, Box<RustType<'m>>, Box<RustType<'m>>),
    /// A struct, union, exception, enum or typedef of the IDL (or the user
    /// type that replaces it).
    Def(&'m DefRef),
    /// `Box<T>`.
    Boxed(Box<RustType<'m>>),
    /// `Option<T>`.
    Optional(Box<RustType<'m>>),
}

impl<'m> RustType<'m> {
    /// The Rust type of a value of IDL type `ty`.
    pub(crate) fn of(lookup: &Lookup<'m>, analysis: &Analysis, ty: &'m TypeRef) -> RustType<'m> {
        decide(lookup, analysis, ty, false)
    }

    /// `Box<self>`.
    pub(crate) fn boxed(self) -> RustType<'m> {
        RustType::Boxed(Box::new(self))
    }

    /// `Option<self>`.
    pub(crate) fn optional(self) -> RustType<'m> {
        RustType::Optional(Box::new(self))
    }
}

/// Whether the key form of `ty` differs from its normal form.
fn needs_key_form(lookup: &Lookup<'_>, ty: &TypeRef) -> bool {
    match &lookup.true_type(ty).ty {
        Type::Base { base } => *base == BaseType::Double,
        Type::List { elem, .. } => needs_key_form(lookup, elem),
        Type::Set { .. } | Type::Map { .. } => true,
        Type::Named { .. } => false,
    }
}

/// The collection for a set or map, in key form or not, whose key (or
/// element) type is `Eq + Hash` and `Ord` as given.
fn collection(key: bool, eq_and_hash: bool, ord: bool) -> Collection {
    if key && ord {
        Collection::BTree
    } else if !key && eq_and_hash {
        Collection::Hash
    } else {
        Collection::Vec
    }
}

fn decide<'m>(
    lookup: &Lookup<'m>,
    analysis: &Analysis,
    ty: &'m TypeRef,
    key: bool,
) -> RustType<'m> {
    match &ty.ty {
        Type::Base { base } => match base {
            BaseType::Bool => RustType::Bool,
            BaseType::I8 => RustType::I8,
            BaseType::I16 => RustType::I16,
            BaseType::I32 => RustType::I32,
            BaseType::I64 => RustType::I64,
            BaseType::Double if key => RustType::OrderedF64,
            BaseType::Double => RustType::F64,
            BaseType::String => RustType::String,
            BaseType::Binary => RustType::Bytes,
            BaseType::Uuid => RustType::Uuid,
        },
        Type::List { elem, .. } => RustType::List(Box::new(decide(lookup, analysis, elem, key))),
        Type::Set { elem, .. } => {
            let traits = analysis.of_type(lookup, elem, true);
            RustType::Set(
                collection(key, traits.eq && traits.hash, traits.ord),
                Box::new(decide(lookup, analysis, elem, true)),
            )
        }
        Type::Map {
            key: key_ty, value, ..
        } => {
            let traits = analysis.of_type(lookup, key_ty, true);
            RustType::Map(
                collection(key, traits.eq && traits.hash, traits.ord),
                Box::new(decide(lookup, analysis, key_ty, true)),
                Box::new(decide(lookup, analysis, value, key)),
            )
        }
        Type::Named {
            def: NamedKind::Typedef,
            target,
        } => {
            if key && needs_key_form(lookup, ty) {
                let resolved = lookup.true_type(ty);
                if !std::ptr::eq(resolved, ty) {
                    return decide(lookup, analysis, resolved, true);
                }
            }
            RustType::Def(target)
        }
        Type::Named { target, .. } => RustType::Def(target),
    }
}
