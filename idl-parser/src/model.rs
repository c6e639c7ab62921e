//! The resolved, language-neutral model of a compilation.
//!
//! Every type reference is resolved to a base type, a container or a
//! definition in a known file; constants and defaults are typed; services know
//! their base service. Code generators and the compatibility checker read this
//! and nothing else. It knows nothing about any target language.
//!
//! Everything is serde-serialisable (`trift check --dump-model`); spans stay
//! byte ranges and become `file:line:col` through the [`crate::SourceMap`]
//! (or [`crate::Compilation::location`]), which is how a compatibility check
//! reports both sides of a change.

use serde::Serialize;

pub use crate::ast::BaseType;
use crate::span::{FileId, Span};

/// All files of a compilation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Model {
    /// Every file, indexed by [`FileId`] (`files[id.0]`); included files come too.
    pub files: Vec<File>,
    /// The files named on the command line (or passed to [`crate::load`]).
    pub roots: Vec<FileId>,
}

/// One IDL file: a module for code generators.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct File {
    /// Its id.
    pub id: FileId,
    /// The path it was loaded from.
    pub path: String,
    /// The program name other files use to refer to it: the file name without `.thrift`.
    pub name: String,
    /// The file's doc comment.
    pub doc: Option<String>,
    /// Included files, in order.
    pub includes: Vec<IncludeRef>,
    /// `cpp_include` paths.
    pub cpp_includes: Vec<String>,
    /// `namespace` declarations (`*` is the scope for every language).
    pub namespaces: Vec<Namespace>,
    /// Constants in order.
    pub consts: Vec<Const>,
    /// Typedefs in order.
    pub typedefs: Vec<Typedef>,
    /// Enums in order.
    pub enums: Vec<Enum>,
    /// Structs, unions and exceptions in order.
    pub structs: Vec<Struct>,
    /// Services in order.
    pub services: Vec<Service>,
}

impl File {
    /// The namespace for `scope` (e.g. `"rs"`), falling back to `*`.
    pub fn namespace(&self, scope: &str) -> Option<&str> {
        let find = |s: &str| {
            self.namespaces
                .iter()
                .rev()
                .find(|n| n.scope == s)
                .map(|n| n.name.as_str())
        };
        find(scope).or_else(|| find("*"))
    }
}

/// An `include`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncludeRef {
    /// The included file.
    pub file: FileId,
    /// The prefix its definitions are referred to by (`name.Type`).
    pub name: String,
    /// The path as written.
    pub path: String,
    /// The include header.
    pub span: Span,
}

/// A `namespace scope name`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Namespace {
    /// The language scope, e.g. `rs`, `py.twisted` or `*`.
    pub scope: String,
    /// The namespace, e.g. `a.b.c`.
    pub name: String,
    /// Annotations.
    pub annotations: Vec<Annotation>,
    /// The header.
    pub span: Span,
}

/// A `key = "value"` annotation; a bare key has the value `"1"`, as in the reference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Annotation {
    /// The key.
    pub key: String,
    /// The value.
    pub value: String,
    /// The pair.
    pub span: Span,
}

/// Names a definition in a file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct DefRef {
    /// The file holding the definition.
    pub file: FileId,
    /// The definition's name in that file.
    pub name: String,
}

/// The kind of definition a named type refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NamedKind {
    /// A struct.
    Struct,
    /// A union.
    Union,
    /// An exception.
    Exception,
    /// An enum.
    Enum,
    /// A typedef (see [`Model::true_type`]).
    Typedef,
}

/// A resolved type with its annotations and the span where it was written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeRef {
    /// The type.
    #[serde(flatten)]
    pub ty: Type,
    /// Annotations written on the type (base and container types only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<Annotation>,
    /// Where it was written.
    pub span: Span,
}

/// A resolved type.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Type {
    /// A base type.
    Base {
        /// Which.
        base: BaseType,
    },
    /// `list<elem>`.
    List {
        /// Element type.
        elem: Box<TypeRef>,
        /// `cpp_type` hint.
        #[serde(skip_serializing_if = "Option::is_none")]
        cpp_type: Option<String>,
    },
    /// `set<elem>`.
    Set {
        /// Element type.
        elem: Box<TypeRef>,
        /// `cpp_type` hint.
        #[serde(skip_serializing_if = "Option::is_none")]
        cpp_type: Option<String>,
    },
    /// `map<key, value>`.
    Map {
        /// Key type.
        key: Box<TypeRef>,
        /// Value type.
        value: Box<TypeRef>,
        /// `cpp_type` hint.
        #[serde(skip_serializing_if = "Option::is_none")]
        cpp_type: Option<String>,
    },
    /// A definition.
    Named {
        /// What kind of definition.
        def: NamedKind,
        /// Which one.
        target: DefRef,
    },
}

/// A typed constant value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum ConstValue {
    /// A `bool` (written as an integer, `true` or `false`).
    Bool(bool),
    /// Any integer type.
    Int(i64),
    /// A `double`.
    Double(f64),
    /// A `string` or `binary`.
    String(String),
    /// A `uuid`, in the text form written.
    Uuid(String),
    /// An enum member.
    Enum {
        /// The enum.
        target: DefRef,
        /// The member name.
        name: String,
        /// The member value.
        value: i32,
    },
    /// A list.
    List(Vec<ConstValue>),
    /// A set.
    Set(Vec<ConstValue>),
    /// A map, in source order.
    Map(Vec<(ConstValue, ConstValue)>),
    /// A struct, union or exception, fields in source order.
    Struct {
        /// The struct.
        target: DefRef,
        /// Field name and value.
        fields: Vec<(String, ConstValue)>,
    },
}

/// `const T name = value`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Const {
    /// Name.
    pub name: String,
    /// Doc comment.
    pub doc: Option<String>,
    /// Declared type.
    pub ty: TypeRef,
    /// Value, typed against `ty`.
    pub value: ConstValue,
    /// The definition.
    pub span: Span,
}

/// `typedef T name`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Typedef {
    /// Name.
    pub name: String,
    /// Doc comment.
    pub doc: Option<String>,
    /// The aliased type.
    pub ty: TypeRef,
    /// Annotations.
    pub annotations: Vec<Annotation>,
    /// The definition.
    pub span: Span,
}

/// An enum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Enum {
    /// Name.
    pub name: String,
    /// Doc comment.
    pub doc: Option<String>,
    /// Members in order.
    pub values: Vec<EnumValue>,
    /// Annotations.
    pub annotations: Vec<Annotation>,
    /// The definition.
    pub span: Span,
}

/// An enum member.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumValue {
    /// Name.
    pub name: String,
    /// Value (explicit, or previous + 1 starting at 0).
    pub value: i32,
    /// Doc comment.
    pub doc: Option<String>,
    /// Annotations.
    pub annotations: Vec<Annotation>,
    /// The member.
    pub span: Span,
}

/// Which keyword introduced a [`Struct`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StructKind {
    /// `struct`.
    Struct,
    /// `union`.
    Union,
    /// `exception`.
    Exception,
}

/// A struct, union or exception.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Struct {
    /// Which kind.
    pub kind: StructKind,
    /// Name.
    pub name: String,
    /// Doc comment.
    pub doc: Option<String>,
    /// Fields in order.
    pub fields: Vec<Field>,
    /// Annotations.
    pub annotations: Vec<Annotation>,
    /// The definition.
    pub span: Span,
}

/// Field requiredness after the reference's rules (union members are optional).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Requiredness {
    /// `required`.
    Required,
    /// `optional`.
    Optional,
    /// Neither: written when set, read when present ("opt-in, req-out").
    Default,
}

/// A field, argument or `throws` entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// The field id: explicit, or negative counting down from -1 when omitted
    /// (or not positive), as the reference assigns them.
    pub id: i32,
    /// Whether `id` was written (and used) as is.
    pub explicit_id: bool,
    /// Name.
    pub name: String,
    /// Doc comment.
    pub doc: Option<String>,
    /// Type.
    pub ty: TypeRef,
    /// Requiredness.
    pub requiredness: Requiredness,
    /// The `&` marker: held by reference (boxed).
    pub reference: bool,
    /// Default value, typed against `ty`.
    pub default: Option<ConstValue>,
    /// Annotations.
    pub annotations: Vec<Annotation>,
    /// The field.
    pub span: Span,
}

/// A service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Service {
    /// Name.
    pub name: String,
    /// Doc comment.
    pub doc: Option<String>,
    /// The base service.
    pub extends: Option<DefRef>,
    /// Functions in order (inherited ones are not repeated).
    pub functions: Vec<Function>,
    /// Annotations.
    pub annotations: Vec<Annotation>,
    /// The definition.
    pub span: Span,
}

/// A service function.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Function {
    /// Name.
    pub name: String,
    /// Doc comment.
    pub doc: Option<String>,
    /// `oneway` (or the deprecated `async`).
    pub oneway: bool,
    /// Return type; `None` for `void`.
    pub return_type: Option<TypeRef>,
    /// Arguments.
    pub args: Vec<Field>,
    /// Declared exceptions.
    pub throws: Vec<Field>,
    /// Annotations.
    pub annotations: Vec<Annotation>,
    /// The function.
    pub span: Span,
}

/// The longest typedef chain [`Model::true_type`] follows (chains are acyclic
/// in a checked model; the bound only protects against misuse).
const MAX_TYPEDEF_CHAIN: usize = 10_000;

impl Model {
    /// The model as pretty-printed JSON (what `trift check --dump-model` prints).
    /// Needs the `json` feature (on by default).
    #[cfg(feature = "json")]
    pub fn to_json(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The file with id `id`.
    pub fn file(&self, id: FileId) -> Option<&File> {
        self.files.get(id.0 as usize)
    }

    /// The struct, union or exception `target` names.
    pub fn find_struct(&self, target: &DefRef) -> Option<&Struct> {
        self.file(target.file)?
            .structs
            .iter()
            .find(|s| s.name == target.name)
    }

    /// The enum `target` names.
    pub fn find_enum(&self, target: &DefRef) -> Option<&Enum> {
        self.file(target.file)?
            .enums
            .iter()
            .find(|s| s.name == target.name)
    }

    /// The typedef `target` names.
    pub fn find_typedef(&self, target: &DefRef) -> Option<&Typedef> {
        self.file(target.file)?
            .typedefs
            .iter()
            .find(|s| s.name == target.name)
    }

    /// The service `target` names.
    pub fn find_service(&self, target: &DefRef) -> Option<&Service> {
        self.file(target.file)?
            .services
            .iter()
            .find(|s| s.name == target.name)
    }

    /// `ty` with typedefs followed to the type they finally name.
    pub fn true_type<'a>(&'a self, mut ty: &'a TypeRef) -> &'a TypeRef {
        for _ in 0..MAX_TYPEDEF_CHAIN {
            let Type::Named {
                def: NamedKind::Typedef,
                target,
            } = &ty.ty
            else {
                break;
            };
            match self.find_typedef(target) {
                Some(typedef) => ty = &typedef.ty,
                None => break,
            }
        }
        ty
    }
}
