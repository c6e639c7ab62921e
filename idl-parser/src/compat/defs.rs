//! Top-level definitions: structs and enums matched by file and name (and
//! removed or added ones), enum values, constants and namespaces.

use super::checker::{At, Checker, PairKind, enum_has, struct_kind_name};
use super::contract::Contract;
use super::rules::Rule;
use crate::model::{DefRef, Enum, File};

impl Checker<'_> {
    /// Pairs every struct and enum whose name survived in the same file.
    pub(super) fn pair_by_name(&mut self) {
        let (old, new) = (self.old, self.new);
        for file in &old.model.files {
            let key = old.key(file.id);
            for s in &file.structs {
                if let Some(new_def) = new.struct_by_key(key, &s.name) {
                    let old_def = def(file, &s.name);
                    self.pair(PairKind::Struct, &old_def, new_def, None);
                }
            }
            for e in &file.enums {
                if let Some(new_def) = new.enum_by_key(key, &e.name) {
                    let old_def = def(file, &e.name);
                    self.pair(PairKind::Enum, &old_def, new_def, None);
                }
            }
        }
    }

    /// Reports types that have no counterpart (run after every pair is known).
    pub(super) fn removed_and_added_types(&mut self) {
        let (old, new) = (self.old, self.new);
        for file in &old.model.files {
            let new_at = self.new_file_start(file.id);
            for s in &file.structs {
                if !self.old_is_paired(PairKind::Struct, &def(file, &s.name)) {
                    let kind = struct_kind_name(s);
                    self.report(
                        Rule::TypeRemoved,
                        s.name.clone(),
                        format!("{kind} `{}` was removed", s.name),
                        "code that uses the old generated type no longer compiles (a field or method that still needs it is reported on its own)",
                        At { old: Some(self.old_head(s.span)), new: new_at },
                    );
                }
            }
            for e in &file.enums {
                if !self.old_is_paired(PairKind::Enum, &def(file, &e.name)) {
                    self.report(
                        Rule::TypeRemoved,
                        e.name.clone(),
                        format!("enum `{}` was removed", e.name),
                        "code that uses the old generated type no longer compiles (a field or method that still needs it is reported on its own)",
                        At { old: Some(self.old_head(e.span)), new: new_at },
                    );
                }
            }
        }
        self.removed_and_added_typedefs();
        for file in &new.model.files {
            for s in &file.structs {
                if !self.new_is_paired(PairKind::Struct, &def(file, &s.name)) {
                    let at = At {
                        old: self.old_file_start(file.id),
                        new: Some(self.new_head(s.span)),
                    };
                    self.with_allow(&s.annotations, |this| {
                        this.report(
                            Rule::TypeAdded,
                            s.name.clone(),
                            format!("{} `{}` was added", struct_kind_name(s), s.name),
                            "old peers never see it unless a new field or method carries it, and that is reported on its own",
                            at,
                        );
                    });
                }
            }
            for e in &file.enums {
                if !self.new_is_paired(PairKind::Enum, &def(file, &e.name)) {
                    let at = At {
                        old: self.old_file_start(file.id),
                        new: Some(self.new_head(e.span)),
                    };
                    self.report(
                        Rule::TypeAdded,
                        e.name.clone(),
                        format!("enum `{}` was added", e.name),
                        "old peers never see it unless a new field or method carries it, and that is reported on its own",
                        at,
                    );
                }
            }
        }
    }

    /// Typedefs are followed wherever they are used, so only their names
    /// matter here: a removed one (or one renamed) breaks code that names it.
    fn removed_and_added_typedefs(&mut self) {
        let (old, new) = (self.old, self.new);
        let find = |contract: &Contract, key: &str, name: &str| {
            contract
                .model
                .files
                .iter()
                .filter(|f| contract.key(f.id) == key)
                .any(|f| f.typedefs.iter().any(|t| t.name == name))
        };
        for file in &old.model.files {
            for t in &file.typedefs {
                if !find(new, old.key(file.id), &t.name) {
                    self.report(
                        Rule::TypeRemoved,
                        t.name.clone(),
                        format!("typedef `{}` was removed", t.name),
                        "the wire only sees the type it names, but code that uses the old generated alias no longer compiles",
                        At { old: Some(t.span), new: self.new_file_start(file.id) },
                    );
                }
            }
        }
        for file in &new.model.files {
            for t in &file.typedefs {
                if !find(old, new.key(file.id), &t.name) {
                    self.report(
                        Rule::TypeAdded,
                        t.name.clone(),
                        format!("typedef `{}` was added", t.name),
                        "a new name for an existing type changes nothing on the wire",
                        At {
                            old: self.old_file_start(file.id),
                            new: Some(t.span),
                        },
                    );
                }
            }
        }
    }

    /// Compares a pair of enums value by value.
    pub(super) fn compare_enums(&mut self, old: &Enum, new: &Enum) {
        self.with_allow(&new.annotations, |this| {
            let at = At::both(this.old_head(old.span), this.new_head(new.span));
            if old.name != new.name {
                this.report(
                    Rule::TypeRenamed,
                    old.name.clone(),
                    format!("enum `{}` was renamed to `{}`", old.name, new.name),
                    "the wire does not carry type names, but code written against the old generated type no longer compiles",
                    at,
                );
            }
            for value in &old.values {
                let subject = format!("{}.{}", new.name, value.name);
                if let Some(now) = new.values.iter().find(|v| v.name == value.name) {
                    if now.value != value.value {
                        this.with_allow(&now.annotations, |this| {
                            this.report(
                                Rule::EnumValueChanged,
                                subject,
                                format!(
                                    "enum value `{}.{}` changed from {} to {}",
                                    new.name, value.name, value.value, now.value
                                ),
                                "only the number is on the wire, so old and new peers read each other's value as a different member (or an unknown one)",
                                At::both(value.span, now.span),
                            );
                        });
                    }
                    continue;
                }
                match new.values.iter().find(|v| v.value == value.value && !enum_has(old, &v.name)) {
                    Some(now) => this.with_allow(&now.annotations, |this| {
                        this.report(
                            Rule::EnumValueRenamed,
                            subject,
                            format!(
                                "enum value {} of `{}` was renamed from `{}` to `{}`",
                                value.value, new.name, value.name, now.name
                            ),
                            "the number on the wire is the same, but code that names the old generated constant no longer compiles",
                            At::both(value.span, now.span),
                        );
                    }),
                    None => this.report(
                        Rule::EnumValueRemoved,
                        subject,
                        format!("enum value `{}.{}` ({}) was removed", new.name, value.name, value.value),
                        format!(
                            "old peers still send {}, which new peers no longer know (generated code that rejects unknown values fails to read it)",
                            value.value
                        ),
                        At { old: Some(value.span), new: at.new },
                    ),
                }
            }
            for value in &new.values {
                let known = enum_has(old, &value.name)
                    || old.values.iter().any(|v| v.value == value.value && !enum_has(new, &v.name));
                if !known {
                    this.with_allow(&value.annotations, |this| {
                        this.report(
                            Rule::EnumValueAdded,
                            format!("{}.{}", new.name, value.name),
                            format!("enum value `{}.{}` ({}) was added", new.name, value.name, value.value),
                            "old peers that receive it from new peers see an unknown value, which forward-compatible generated code keeps as is",
                            At { old: at.old, new: Some(value.span) },
                        );
                    });
                }
            }
        });
    }

    /// Compares constants of matching files by name.
    pub(super) fn compare_consts(&mut self) {
        let (old, new) = (self.old, self.new);
        for file in &old.model.files {
            let new_file = new
                .model
                .files
                .iter()
                .find(|f| new.key(f.id) == old.key(file.id));
            for c in &file.consts {
                match new_file.and_then(|f| f.consts.iter().find(|n| n.name == c.name)) {
                    Some(now) if now.value != c.value || now.ty.ty != c.ty.ty => {
                        self.report(
                            Rule::ConstValueChanged,
                            c.name.clone(),
                            format!("constant `{}` has a different value", c.name),
                            "peers built from the old and the new contract use different values for it",
                            At::both(c.span, now.span),
                        );
                    }
                    Some(_) => {}
                    None => self.report(
                        Rule::ConstRemoved,
                        c.name.clone(),
                        format!("constant `{}` was removed", c.name),
                        "code that uses the old generated constant no longer compiles",
                        At {
                            old: Some(c.span),
                            new: new_file.map(File::span_of_header),
                        },
                    ),
                }
            }
        }
    }

    /// Compares the namespaces of matching files, scope by scope.
    pub(super) fn compare_namespaces(&mut self) {
        let (old, new) = (self.old, self.new);
        for file in &old.model.files {
            let Some(new_file) = new
                .model
                .files
                .iter()
                .find(|f| new.key(f.id) == old.key(file.id))
            else {
                continue;
            };
            let mut scopes: Vec<&str> = file
                .namespaces
                .iter()
                .chain(&new_file.namespaces)
                .map(|n| n.scope.as_str())
                .collect();
            scopes.sort_unstable();
            scopes.dedup();
            for scope in scopes {
                let before = file.namespaces.iter().rev().find(|n| n.scope == scope);
                let after = new_file.namespaces.iter().rev().find(|n| n.scope == scope);
                let show = |n: Option<&crate::model::Namespace>| {
                    n.map_or("(none)".to_owned(), |n| format!("`{}`", n.name))
                };
                if before.map(|n| &n.name) != after.map(|n| &n.name) {
                    self.report(
                        Rule::NamespaceChanged,
                        format!("namespace.{scope}"),
                        format!(
                            "the `{scope}` namespace of `{}` changed from {} to {}",
                            new_file.name,
                            show(before),
                            show(after)
                        ),
                        "the wire is unchanged, but generated code moves to another module or package, so code that imports it no longer compiles",
                        At {
                            old: Some(before.map_or(file.span_of_header(), |n| n.span)),
                            new: Some(after.map_or(new_file.span_of_header(), |n| n.span)),
                        },
                    );
                }
            }
        }
    }
}

fn def(file: &File, name: &str) -> DefRef {
    DefRef {
        file: file.id,
        name: name.to_owned(),
    }
}

/// An empty span at the start of a file, for changes that have no better place.
trait FileStart {
    fn span_of_header(&self) -> crate::span::Span;
}

impl FileStart for File {
    fn span_of_header(&self) -> crate::span::Span {
        crate::span::Span::new(self.id, 0, 0)
    }
}
