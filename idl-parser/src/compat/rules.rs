//! The catalogue of compatibility rules: each has a stable id (used by
//! `--allow` and `compat.allow` annotations), a severity and a one-line
//! description. The checks that raise them live in the sibling modules.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// How bad a change is, from the point of view of running peers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Old and new peers still exchange messages, and generated code only grows.
    Safe,
    /// The wire still works, but code generated from the new contract no
    /// longer compiles against code written for the old one.
    Source,
    /// Old and new peers can no longer exchange messages correctly.
    Wire,
}

impl Level {
    /// The spelling used in reports: `wire-breaking`, `source-breaking` or `safe`.
    pub fn label(self) -> &'static str {
        match self {
            Level::Wire => "wire-breaking",
            Level::Source => "source-breaking",
            Level::Safe => "safe",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

macro_rules! rules {
    ($($(#[$doc:meta])* $variant:ident = $id:literal, $level:ident;)*) => {
        /// A compatibility rule.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($(#[$doc])* $variant,)*
        }

        impl Rule {
            /// Every rule, in catalogue order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The stable, kebab-case id (`field-type-changed`).
            pub fn id(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)*
                }
            }

            /// How bad a change of this kind is.
            pub fn level(self) -> Level {
                match self {
                    $(Rule::$variant => Level::$level,)*
                }
            }
        }
    };
}

rules! {
    /// A field's type changed to one with another wire encoding.
    FieldTypeChanged = "field-type-changed", Wire;
    /// A field id now names a different field (new name and new type).
    FieldIdReused = "field-id-reused", Wire;
    /// A field kept its name but moved to another id.
    FieldIdChanged = "field-id-changed", Wire;
    /// A required field was added.
    RequiredFieldAdded = "required-field-added", Wire;
    /// A required field was removed.
    RequiredFieldRemoved = "required-field-removed", Wire;
    /// A field became required, or stopped being required.
    FieldRequirednessChanged = "field-requiredness-changed", Wire;
    /// A union arm was added, removed, or changed type.
    UnionArmChanged = "union-arm-changed", Wire;
    /// A struct or exception became a union (or the reverse).
    TypeKindChanged = "type-kind-changed", Wire;
    /// A method disappeared from a service (and its parents).
    MethodRemoved = "method-removed", Wire;
    /// A method got a new name (the name is part of every message).
    MethodRenamed = "method-renamed", Wire;
    /// An argument's id or type changed, or a required argument came or went.
    ArgumentChanged = "argument-changed", Wire;
    /// A method's return type changed.
    ReturnTypeChanged = "return-type-changed", Wire;
    /// A method became oneway, or stopped being oneway.
    OnewayChanged = "oneway-changed", Wire;
    /// An exception was removed from a method's `throws`.
    ExceptionRemoved = "exception-removed", Wire;
    /// A `throws` id now names a different exception type.
    ExceptionChanged = "exception-changed", Wire;
    /// An enum value's number changed.
    EnumValueChanged = "enum-value-changed", Wire;
    /// An enum value was removed.
    EnumValueRemoved = "enum-value-removed", Wire;
    /// A service's parent changed.
    ServiceExtendsChanged = "service-extends-changed", Wire;
    /// A service was removed.
    ServiceRemoved = "service-removed", Wire;
    /// A field or argument was renamed.
    FieldRenamed = "field-renamed", Source;
    /// A field or argument that was not required was removed.
    FieldRemoved = "field-removed", Source;
    /// A field switched between default requiredness and `optional`.
    FieldOptionalityChanged = "field-optionality-changed", Source;
    /// A type changed to one with the same wire encoding (an enum and `i32`, a
    /// struct and an exception).
    TypeChangedWireCompatible = "type-changed-wire-compatible", Source;
    /// A struct, union, exception or enum was renamed.
    TypeRenamed = "type-renamed", Source;
    /// A struct, union, exception or enum was removed.
    TypeRemoved = "type-removed", Source;
    /// An enum value was renamed (same number).
    EnumValueRenamed = "enum-value-renamed", Source;
    /// A namespace changed.
    NamespaceChanged = "namespace-changed", Source;
    /// A field's default value changed.
    DefaultValueChanged = "default-value-changed", Source;
    /// A constant's value changed.
    ConstValueChanged = "const-value-changed", Source;
    /// A constant was removed.
    ConstRemoved = "const-removed", Source;
    /// A field or argument that is not required was added.
    OptionalFieldAdded = "optional-field-added", Safe;
    /// A method was added.
    MethodAdded = "method-added", Safe;
    /// An enum value was added.
    EnumValueAdded = "enum-value-added", Safe;
    /// An exception was added to a method's `throws`.
    ExceptionAdded = "exception-added", Safe;
    /// A service was added.
    ServiceAdded = "service-added", Safe;
    /// A struct, union, exception or enum was added.
    TypeAdded = "type-added", Safe;
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Rule {
    type Err = String;

    fn from_str(s: &str) -> Result<Rule, String> {
        Rule::ALL
            .iter()
            .copied()
            .find(|rule| rule.id() == s)
            .ok_or_else(|| format!("unknown compat rule `{s}`"))
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for rule in Rule::ALL {
            assert!(seen.insert(rule.id()), "duplicate id {}", rule.id());
            assert!(
                rule.id()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                rule.id()
            );
            assert_eq!(rule.id().parse::<Rule>(), Ok(*rule));
        }
        assert!("no-such-rule".parse::<Rule>().is_err());
        assert!(Level::Safe < Level::Source && Level::Source < Level::Wire);
    }
}
