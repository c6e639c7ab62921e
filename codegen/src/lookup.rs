//! Constant-time lookups into the model by definition name.
//!
//! The model's own `find_*` and `true_type` scan a file's definitions; the
//! generator asks them for every field of every type, which is quadratic on a
//! large IDL. [`Lookup`] indexes every definition once.

use std::collections::HashMap;

use trift_idl::model::{DefRef, Enum, Model, NamedKind, Struct, Type, TypeRef, Typedef};
use trift_idl::span::FileId;

/// Index of a model's structs, enums and typedefs by `(file, name)`.
pub(crate) struct Lookup<'m> {
    structs: HashMap<(FileId, &'m str), &'m Struct>,
    enums: HashMap<(FileId, &'m str), &'m Enum>,
    typedefs: HashMap<(FileId, &'m str), &'m Typedef>,
}

/// The longest typedef chain [`Lookup::true_type`] follows (a checked model
/// has no cycles; the bound only guards against misuse).
const MAX_TYPEDEF_CHAIN: usize = 10_000;

impl<'m> Lookup<'m> {
    /// Indexes `model`.
    pub(crate) fn new(model: &'m Model) -> Self {
        let mut lookup = Lookup {
            structs: HashMap::new(),
            enums: HashMap::new(),
            typedefs: HashMap::new(),
        };
        for file in &model.files {
            for s in &file.structs {
                lookup.structs.insert((file.id, s.name.as_str()), s);
            }
            for e in &file.enums {
                lookup.enums.insert((file.id, e.name.as_str()), e);
            }
            for t in &file.typedefs {
                lookup.typedefs.insert((file.id, t.name.as_str()), t);
            }
        }
        lookup
    }

    /// The struct, union or exception `def` names.
    pub(crate) fn find_struct(&self, def: &DefRef) -> Option<&'m Struct> {
        self.structs.get(&(def.file, def.name.as_str())).copied()
    }

    /// The enum `def` names.
    pub(crate) fn find_enum(&self, def: &DefRef) -> Option<&'m Enum> {
        self.enums.get(&(def.file, def.name.as_str())).copied()
    }

    /// `ty` with typedefs followed to the type they finally name.
    pub(crate) fn true_type<'t>(&self, mut ty: &'t TypeRef) -> &'t TypeRef
    where
        'm: 't,
    {
        for _ in 0..MAX_TYPEDEF_CHAIN {
            let Type::Named {
                def: NamedKind::Typedef,
                target,
            } = &ty.ty
            else {
                break;
            };
            match self.typedefs.get(&(target.file, target.name.as_str())) {
                Some(typedef) => ty = &typedef.ty,
                None => break,
            }
        }
        ty
    }
}
