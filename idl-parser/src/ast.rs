//! The syntax tree of one IDL file: what the author wrote, with a span on
//! every node.
//!
//! Plain data; nothing here is resolved (a type name is just a name) and no
//! pest type appears. `parse::lower` builds it; `resolve` reads it.

use crate::span::{FileId, Span};

/// A name as written, with its location.
#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    /// The text, possibly dotted (`other.Type`).
    pub name: String,
    /// Where it was written.
    pub span: Span,
}

/// A `/** ... */` comment, cleaned of its comment markers and `*` prefixes.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// The cleaned text, one `\n`-terminated line per source line.
    pub text: String,
    /// The whole comment.
    pub span: Span,
}

/// One `key = "value"` (or bare `key`) inside `( ... )`.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// The key, e.g. `cpp.type`.
    pub key: Ident,
    /// The value, unescaped; `None` for a bare key (the reference uses `"1"`).
    pub value: Option<String>,
    /// The whole pair.
    pub span: Span,
}

/// One parsed file.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The file.
    pub file: FileId,
    /// The doc comment of the whole file, if the first doc comment stands before every header.
    pub doc: Option<Doc>,
    /// `include`, `cpp_include` and `namespace` lines, in order.
    pub headers: Vec<Header>,
    /// Definitions, in order.
    pub definitions: Vec<Definition>,
}

/// A header line (headers come before every definition).
#[derive(Debug, Clone, PartialEq)]
pub enum Header {
    /// `include "path"`.
    Include(Include),
    /// `cpp_include "path"`.
    CppInclude(CppInclude),
    /// `namespace scope name`.
    Namespace(Namespace),
}

/// `include "path"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Include {
    /// The path as written (unescaped).
    pub path: String,
    /// The string literal.
    pub path_span: Span,
    /// The whole header.
    pub span: Span,
}

/// `cpp_include "path"`.
#[derive(Debug, Clone, PartialEq)]
pub struct CppInclude {
    /// The path as written (unescaped).
    pub path: String,
    /// The whole header.
    pub span: Span,
}

/// `namespace scope name (annotations)`; the scope `*` applies to every language.
#[derive(Debug, Clone, PartialEq)]
pub struct Namespace {
    /// The language scope (`rs`, `py.twisted`, `*`).
    pub scope: Ident,
    /// The namespace (`a.b.c`).
    pub name: Ident,
    /// Annotations (not allowed after `namespace *`).
    pub annotations: Vec<Annotation>,
    /// The whole header.
    pub span: Span,
}

/// A top-level definition.
#[derive(Debug, Clone, PartialEq)]
pub enum Definition {
    /// `const T name = value`.
    Const(ConstDef),
    /// `typedef T name`.
    Typedef(TypedefDef),
    /// `enum`.
    Enum(EnumDef),
    /// `struct`, `union` or `exception`.
    Struct(StructDef),
    /// `service`.
    Service(ServiceDef),
}

impl Definition {
    /// The defined name.
    pub fn name(&self) -> &Ident {
        match self {
            Definition::Const(d) => &d.name,
            Definition::Typedef(d) => &d.name,
            Definition::Enum(d) => &d.name,
            Definition::Struct(d) => &d.name,
            Definition::Service(d) => &d.name,
        }
    }

    /// The whole definition, from its keyword to its end.
    pub fn span(&self) -> Span {
        match self {
            Definition::Const(d) => d.span,
            Definition::Typedef(d) => d.span,
            Definition::Enum(d) => d.span,
            Definition::Struct(d) => d.span,
            Definition::Service(d) => d.span,
        }
    }
}

/// `const T name = value`.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstDef {
    /// Doc comment.
    pub doc: Option<Doc>,
    /// The declared type.
    pub ty: Type,
    /// The name.
    pub name: Ident,
    /// The value.
    pub value: ConstValue,
    /// The whole definition.
    pub span: Span,
}

/// `typedef T name (annotations)`.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedefDef {
    /// Doc comment.
    pub doc: Option<Doc>,
    /// The aliased type.
    pub ty: Type,
    /// The new name.
    pub name: Ident,
    /// Annotations after the name.
    pub annotations: Vec<Annotation>,
    /// The whole definition.
    pub span: Span,
}

/// `enum Name { ... } (annotations)`.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// Doc comment.
    pub doc: Option<Doc>,
    /// The name.
    pub name: Ident,
    /// The members in order.
    pub values: Vec<EnumValue>,
    /// Annotations after the body.
    pub annotations: Vec<Annotation>,
    /// The whole definition.
    pub span: Span,
}

/// One enum member.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// Doc comment.
    pub doc: Option<Doc>,
    /// The member name.
    pub name: Ident,
    /// The explicit value and its span, if written.
    pub value: Option<(i64, Span)>,
    /// Annotations.
    pub annotations: Vec<Annotation>,
    /// The whole member.
    pub span: Span,
}

/// Which keyword introduced a struct-like definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructKind {
    /// `struct`.
    Struct,
    /// `union`.
    Union,
    /// `exception`.
    Exception,
}

/// `struct`, `union` or `exception`.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    /// Doc comment.
    pub doc: Option<Doc>,
    /// Which keyword.
    pub kind: StructKind,
    /// The name.
    pub name: Ident,
    /// The legacy `xsd_all` marker.
    pub xsd_all: bool,
    /// The fields in order.
    pub fields: Vec<Field>,
    /// Annotations after the body.
    pub annotations: Vec<Annotation>,
    /// The whole definition.
    pub span: Span,
}

/// Requiredness as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requiredness {
    /// Neither keyword (the reference's "opt-in, req-out").
    Default,
    /// `required`.
    Required,
    /// `optional`.
    Optional,
}

/// A field of a struct, an argument or a `throws` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Doc comment.
    pub doc: Option<Doc>,
    /// The explicit id and its span, if written.
    pub id: Option<(i64, Span)>,
    /// Requiredness as written.
    pub requiredness: Requiredness,
    /// Where the requiredness keyword is, if written.
    pub requiredness_span: Option<Span>,
    /// The type.
    pub ty: Type,
    /// The `&` marker (by-reference field).
    pub reference: bool,
    /// The name (may be a keyword).
    pub name: Ident,
    /// The default value.
    pub default: Option<ConstValue>,
    /// Legacy `xsd_optional`.
    pub xsd_optional: bool,
    /// Legacy `xsd_nillable`.
    pub xsd_nillable: bool,
    /// Legacy `xsd_attrs { ... }` fields.
    pub xsd_attrs: Vec<Field>,
    /// Annotations.
    pub annotations: Vec<Annotation>,
    /// The whole field.
    pub span: Span,
}

/// `service Name extends Base { ... } (annotations)`.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceDef {
    /// Doc comment.
    pub doc: Option<Doc>,
    /// The name.
    pub name: Ident,
    /// The base service, possibly `Included.Service`.
    pub extends: Option<Ident>,
    /// The functions in order.
    pub functions: Vec<Function>,
    /// Annotations after the body.
    pub annotations: Vec<Annotation>,
    /// The whole definition.
    pub span: Span,
}

/// How a function was marked one-way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnewayKeyword {
    /// `oneway`.
    Oneway,
    /// `async`, the deprecated alias.
    Async,
}

/// One service function.
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    /// Doc comment.
    pub doc: Option<Doc>,
    /// `oneway`/`async` and its span.
    pub oneway: Option<(OnewayKeyword, Span)>,
    /// The return type; `None` for `void`.
    pub return_type: Option<Type>,
    /// The `void` keyword or the return type.
    pub return_span: Span,
    /// The name.
    pub name: Ident,
    /// The arguments.
    pub args: Vec<Field>,
    /// The `throws (...)` list and its span, if written.
    pub throws: Option<(Vec<Field>, Span)>,
    /// Annotations.
    pub annotations: Vec<Annotation>,
    /// The whole function.
    pub span: Span,
}

/// The base types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BaseType {
    /// `bool`.
    Bool,
    /// `i8` (also written `byte`).
    I8,
    /// `i16`.
    I16,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `double`.
    Double,
    /// `string`.
    String,
    /// `binary`.
    Binary,
    /// `uuid`.
    Uuid,
}

impl BaseType {
    /// The IDL spelling.
    pub fn name(self) -> &'static str {
        match self {
            BaseType::Bool => "bool",
            BaseType::I8 => "i8",
            BaseType::I16 => "i16",
            BaseType::I32 => "i32",
            BaseType::I64 => "i64",
            BaseType::Double => "double",
            BaseType::String => "string",
            BaseType::Binary => "binary",
            BaseType::Uuid => "uuid",
        }
    }
}

/// A field type as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Type {
    /// What kind of type.
    pub kind: TypeKind,
    /// Annotations written right after a base or container type.
    pub annotations: Vec<Annotation>,
    /// The whole type.
    pub span: Span,
}

/// The shape of a [`Type`].
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A base type; `byte_alias` is set when it was written `byte`.
    Base {
        /// Which base type.
        base: BaseType,
        /// Written as `byte` rather than `i8`.
        byte_alias: bool,
    },
    /// `map<K, V>`.
    Map {
        /// Key type.
        key: Box<Type>,
        /// Value type.
        value: Box<Type>,
        /// `cpp_type "..."`.
        cpp_type: Option<String>,
    },
    /// `set<T>`.
    Set {
        /// Element type.
        elem: Box<Type>,
        /// `cpp_type "..."`.
        cpp_type: Option<String>,
    },
    /// `list<T>`.
    List {
        /// Element type.
        elem: Box<Type>,
        /// `cpp_type "..."` (before `<` or, deprecated, after `>`).
        cpp_type: Option<String>,
    },
    /// A name: a local definition or `include_name.Definition`.
    Named(Ident),
}

/// A constant value as written.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstValue {
    /// What kind of literal.
    pub kind: ConstKind,
    /// The whole literal.
    pub span: Span,
}

/// The shape of a [`ConstValue`].
#[derive(Debug, Clone, PartialEq)]
pub enum ConstKind {
    /// An integer (also `true` = 1 and `false` = 0, as the reference lexes them).
    Int(i64),
    /// A floating-point literal.
    Double(f64),
    /// A string literal, unescaped.
    String(String),
    /// A name: an enum value (`Enum.VALUE`) or another constant.
    Ident(String),
    /// `[a, b, ...]`.
    List(Vec<ConstValue>),
    /// `{k: v, ...}` (also struct literals with string keys).
    Map(Vec<(ConstValue, ConstValue)>),
}
