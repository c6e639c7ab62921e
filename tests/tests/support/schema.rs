//! Random struct schemas for the compat round-trip property: a version 1,
//! random edits that make version 2 (add, remove, change a type, change a
//! requiredness), the IDL text of each, and random values of a version.
//!
//! Both versions live in a file that also defines a fixed enum `Color` and a
//! fixed struct `Inner`, so fields can use them.

use std::collections::BTreeMap;

use proptest::collection::vec;
use proptest::prelude::*;

use super::codec::ttype;
use super::value::Value;

/// The definitions every generated IDL file starts with.
pub(crate) const PRELUDE: &str = "enum Color {\n  RED = 1,\n  GREEN = 2,\n}\n\nstruct Inner {\n  1: i32 a,\n  2: optional string b,\n}\n\n";

/// A field type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FieldType {
    Bool,
    I8,
    I16,
    I32,
    I64,
    Double,
    String,
    Binary,
    /// The fixed enum `Color`.
    Color,
    /// The fixed struct `Inner`.
    Inner,
    List(Box<FieldType>),
    Set(Box<FieldType>),
    Map(Box<FieldType>, Box<FieldType>),
}

impl FieldType {
    /// The IDL spelling.
    pub(crate) fn idl(&self) -> String {
        match self {
            FieldType::Bool => "bool".into(),
            FieldType::I8 => "i8".into(),
            FieldType::I16 => "i16".into(),
            FieldType::I32 => "i32".into(),
            FieldType::I64 => "i64".into(),
            FieldType::Double => "double".into(),
            FieldType::String => "string".into(),
            FieldType::Binary => "binary".into(),
            FieldType::Color => "Color".into(),
            FieldType::Inner => "Inner".into(),
            FieldType::List(e) => format!("list<{}>", e.idl()),
            FieldType::Set(e) => format!("set<{}>", e.idl()),
            FieldType::Map(k, v) => format!("map<{}, {}>", k.idl(), v.idl()),
        }
    }
}

/// Requiredness as written in IDL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Req {
    Required,
    Optional,
    Default,
}

/// One field of the struct under test.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FieldDef {
    pub(crate) id: i16,
    pub(crate) name: String,
    pub(crate) ty: FieldType,
    pub(crate) req: Req,
}

/// One version of `struct S`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Schema {
    pub(crate) fields: Vec<FieldDef>,
}

impl Schema {
    /// The whole IDL file: the prelude, then `struct S`.
    pub(crate) fn idl(&self) -> String {
        let mut text = String::from(PRELUDE);
        text.push_str("struct S {\n");
        for f in &self.fields {
            let req = match f.req {
                Req::Required => "required ",
                Req::Optional => "optional ",
                Req::Default => "",
            };
            text.push_str(&format!("  {}: {req}{} {},\n", f.id, f.ty.idl(), f.name));
        }
        text.push_str("}\n");
        text
    }
}

/// One edit from version 1 to version 2.
#[derive(Debug, Clone)]
pub(crate) enum Edit {
    Add {
        id: i16,
        ty: FieldType,
        req: Req,
        /// Name it `g<id>` rather than `f<id>` (a reused id with a new name).
        other_name: bool,
    },
    Remove(usize),
    ChangeType(usize, FieldType),
    ChangeReq(usize, Req),
}

/// Applies `edits` to a copy of `v1`.
pub(crate) fn apply(v1: &Schema, edits: &[Edit]) -> Schema {
    let mut fields = v1.fields.clone();
    for edit in edits {
        match edit {
            Edit::Add {
                id,
                ty,
                req,
                other_name,
            } => {
                let name = format!("{}{id}", if *other_name { "g" } else { "f" });
                if !fields.iter().any(|f| f.id == *id || f.name == name) {
                    fields.push(FieldDef {
                        id: *id,
                        name,
                        ty: ty.clone(),
                        req: *req,
                    });
                }
            }
            Edit::Remove(i) if !fields.is_empty() => {
                fields.remove(i % fields.len());
            }
            Edit::ChangeType(i, ty) if !fields.is_empty() => {
                let n = fields.len();
                fields[i % n].ty = ty.clone();
            }
            Edit::ChangeReq(i, req) if !fields.is_empty() => {
                let n = fields.len();
                fields[i % n].req = *req;
            }
            _ => {}
        }
    }
    Schema { fields }
}

fn scalar() -> BoxedStrategy<FieldType> {
    prop_oneof![
        Just(FieldType::Bool),
        Just(FieldType::I8),
        Just(FieldType::I16),
        Just(FieldType::I32),
        Just(FieldType::I64),
        Just(FieldType::Double),
        Just(FieldType::String),
        Just(FieldType::Binary),
        Just(FieldType::Color),
    ]
    .boxed()
}

/// Any field type: scalars, `Inner`, and containers up to two levels deep.
pub(crate) fn field_type() -> BoxedStrategy<FieldType> {
    let leaf = prop_oneof![4 => scalar(), 1 => Just(FieldType::Inner)];
    leaf.prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|e| FieldType::List(Box::new(e))),
            scalar().prop_map(|e| FieldType::Set(Box::new(e))),
            (scalar(), inner).prop_map(|(k, v)| FieldType::Map(Box::new(k), Box::new(v))),
        ]
    })
    .boxed()
}

fn req() -> impl Strategy<Value = Req> {
    prop_oneof![Just(Req::Required), Just(Req::Optional), Just(Req::Default)]
}

/// Field ids are drawn from a small range so edits collide with old ids.
const MAX_ID: i16 = 10;

/// Version 1: one to six fields with distinct ids, named `f<id>`.
pub(crate) fn schema() -> impl Strategy<Value = Schema> {
    vec((1..=MAX_ID, field_type(), req()), 1..=6).prop_map(|raw| {
        let mut fields: Vec<FieldDef> = Vec::new();
        for (id, ty, req) in raw {
            if !fields.iter().any(|f| f.id == id) {
                fields.push(FieldDef {
                    id,
                    name: format!("f{id}"),
                    ty,
                    req,
                });
            }
        }
        Schema { fields }
    })
}

/// One to four edits.
pub(crate) fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (1..=MAX_ID, field_type(), req(), any::<bool>()).prop_map(|(id, ty, req, other_name)| {
            Edit::Add {
                id,
                ty,
                req,
                other_name,
            }
        }),
        any::<usize>().prop_map(Edit::Remove),
        (any::<usize>(), field_type()).prop_map(|(i, ty)| Edit::ChangeType(i, ty)),
        (any::<usize>(), req()).prop_map(|(i, r)| Edit::ChangeReq(i, r)),
    ];
    vec(edit, 1..=4)
}

/// A random value of `ty`.
pub(crate) fn value(ty: &FieldType) -> BoxedStrategy<Value> {
    match ty {
        FieldType::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        FieldType::I8 => any::<i8>().prop_map(Value::I8).boxed(),
        FieldType::I16 => any::<i16>().prop_map(Value::I16).boxed(),
        FieldType::I32 => any::<i32>().prop_map(Value::I32).boxed(),
        FieldType::I64 => any::<i64>().prop_map(Value::I64).boxed(),
        FieldType::Double => (-1e9..1e9f64).prop_map(Value::Double).boxed(),
        FieldType::String => ".{0,8}".prop_map(Value::String).boxed(),
        // Arbitrary bytes, not only UTF-8: a `string` reader must reject them.
        FieldType::Binary => vec(any::<u8>(), 0..8)
            .prop_map(|bytes| Value::Binary(bytes.into()))
            .boxed(),
        // Forward-compatible enums carry any number, known or not.
        FieldType::Color => prop_oneof![Just(1), Just(2), any::<i32>()]
            .prop_map(Value::I32)
            .boxed(),
        FieldType::Inner => (any::<i32>(), proptest::option::of(".{0,4}"))
            .prop_map(|(a, b)| {
                let mut fields = vec![(1, Value::I32(a))];
                if let Some(b) = b {
                    fields.push((2, Value::String(b)));
                }
                Value::Struct(fields)
            })
            .boxed(),
        FieldType::List(e) => {
            let elem = ttype(e);
            vec(value(e), 0..3)
                .prop_map(move |items| Value::List(elem, items))
                .boxed()
        }
        FieldType::Set(e) => {
            let elem = ttype(e);
            vec(value(e), 0..3)
                .prop_map(move |items| Value::Set(elem, items))
                .boxed()
        }
        FieldType::Map(k, v) => {
            let (key, value_type) = (ttype(k), ttype(v));
            vec((value(k), value(v)), 0..3)
                .prop_map(move |entries| Value::Map(key, value_type, entries))
                .boxed()
        }
    }
}

/// A random value of `struct S` in `schema`: required and default-requiredness
/// fields always set (generated code always writes them), optional ones maybe.
pub(crate) fn struct_value(schema: &Schema) -> BoxedStrategy<BTreeMap<i16, Value>> {
    let fields: Vec<BoxedStrategy<Option<(i16, Value)>>> = schema
        .fields
        .iter()
        .map(|f| {
            let id = f.id;
            let v = value(&f.ty).prop_map(move |v| (id, v));
            match f.req {
                Req::Optional => proptest::option::of(v).boxed(),
                Req::Required | Req::Default => v.prop_map(Some).boxed(),
            }
        })
        .collect();
    fields
        .prop_map(|values| values.into_iter().flatten().collect())
        .boxed()
}
