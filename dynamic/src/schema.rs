//! The schema: a resolved IDL model turned into what the dynamic codec needs.
//!
//! Typedefs are followed once; every struct, union, exception and enum gets an
//! index, and every service method gets two synthetic structs, its arguments
//! (`method_args`) and its result (`method_result`: field 0 `success`, then
//! the declared exceptions), as Apache's generated code has them. Each field
//! carries the decisions generated code makes (see `trift-codegen`'s plan
//! layer): whether it is optional, whether decoding fails without it, and the
//! value it gets when it is absent.

use std::collections::HashMap;

use trift::protocol::TType;
use trift_idl::model::{
    BaseType, ConstValue, DefRef, Model, NamedKind, Requiredness, StructKind, Type, TypeRef,
};

use crate::value::Value;

/// A resolved type: typedefs are gone, definitions are indexes into the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// `bool`.
    Bool,
    /// `i8` (`byte`).
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
    /// An enum: an index into [`Schema::enums`]; values are `i32`s.
    Enum(usize),
    /// A struct, union or exception: an index into [`Schema::structs`].
    Struct(usize),
    /// `list<T>`.
    List(Box<Ty>),
    /// `set<T>`.
    Set(Box<Ty>),
    /// `map<K, V>`.
    Map(Box<Ty>, Box<Ty>),
}

impl Ty {
    /// The wire type of a value of this type.
    pub fn ttype(&self) -> TType {
        match self {
            Ty::Bool => TType::Bool,
            Ty::I8 => TType::I8,
            Ty::I16 => TType::I16,
            Ty::I32 | Ty::Enum(_) => TType::I32,
            Ty::I64 => TType::I64,
            Ty::Double => TType::Double,
            Ty::String | Ty::Binary => TType::String,
            Ty::Uuid => TType::Uuid,
            Ty::Struct(_) => TType::Struct,
            Ty::List(_) => TType::List,
            Ty::Set(_) => TType::Set,
            Ty::Map(..) => TType::Map,
        }
    }
}

/// A field of a struct, union, exception, argument list or result.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDesc {
    /// The field id.
    pub id: i16,
    /// The name as written in the IDL (the JSON key).
    pub name: String,
    /// The doc comment.
    pub doc: Option<String>,
    /// The type.
    pub ty: Ty,
    /// The requiredness as written (union members count as optional).
    pub requiredness: Requiredness,
    /// Whether the field may be absent from a value: `optional`, a union
    /// member, a result field, or a default-requiredness field that closes a
    /// by-value cycle (generated code holds those in an `Option`).
    pub optional: bool,
    /// Whether decoding fails when the field did not arrive.
    pub must_arrive: bool,
    /// The value an absent field takes, if any: its IDL default, or for a
    /// field that is not optional the zero value of its type.
    pub default: Option<Value>,
    /// Annotations, `(key, value)` in order.
    pub annotations: Vec<(String, String)>,
}

/// A struct, union or exception (or a method's arguments or result).
#[derive(Debug, Clone, PartialEq)]
pub struct StructDesc {
    /// The name written in struct headers (`Work`, `calculate_args`).
    pub name: String,
    /// The name other files use: `file.Name` (the method's for args and results).
    pub qualified: String,
    /// Struct, union or exception (arguments and results are structs).
    pub kind: StructKind,
    /// The doc comment.
    pub doc: Option<String>,
    /// Fields in declaration order.
    pub fields: Vec<FieldDesc>,
}

impl StructDesc {
    /// The position of the field called `name`.
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }

    /// The position of the field with id `id`.
    pub fn field_by_id(&self, id: i16) -> Option<usize> {
        self.fields.iter().position(|f| f.id == id)
    }
}

/// An enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDesc {
    /// The name.
    pub name: String,
    /// `file.Name`.
    pub qualified: String,
    /// The doc comment.
    pub doc: Option<String>,
    /// Members `(name, value)` in order.
    pub values: Vec<(String, i32)>,
}

impl EnumDesc {
    /// The name of the member with value `value`, if one has it.
    pub fn name_of(&self, value: i32) -> Option<&str> {
        self.values
            .iter()
            .find(|(_, v)| *v == value)
            .map(|(n, _)| n.as_str())
    }

    /// The value of the member called `name`.
    pub fn value_of(&self, name: &str) -> Option<i32> {
        self.values.iter().find(|(n, _)| n == name).map(|(_, v)| *v)
    }
}

/// A service method.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodDesc {
    /// The name on the wire.
    pub name: String,
    /// The doc comment.
    pub doc: Option<String>,
    /// `oneway`: no reply.
    pub oneway: bool,
    /// The return type; `None` for `void`.
    pub returns: Option<Ty>,
    /// The arguments: an index into [`Schema::structs`].
    pub args: usize,
    /// The result (`success` with id 0, then the exceptions): an index into
    /// [`Schema::structs`].
    pub result: usize,
    /// Annotations, `(key, value)` in order.
    pub annotations: Vec<(String, String)>,
}

/// A service.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceDesc {
    /// The name.
    pub name: String,
    /// `file.Name`.
    pub qualified: String,
    /// The doc comment.
    pub doc: Option<String>,
    /// The base service: an index into [`Schema::services`].
    pub extends: Option<usize>,
    /// The methods declared here (inherited ones are not repeated).
    pub methods: Vec<MethodDesc>,
}

/// An IDL model the schema cannot be built from (only an unchecked model
/// gives one: references that do not resolve, ids or constants out of range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError(pub String);

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SchemaError {}

/// Every type and service of a model, ready for the dynamic codec.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    /// Structs, unions, exceptions, then each method's arguments and result.
    pub structs: Vec<StructDesc>,
    /// Enums.
    pub enums: Vec<EnumDesc>,
    /// Services.
    pub services: Vec<ServiceDesc>,
    /// Whether each struct has a finite zero value (see [`Schema::zero`]).
    has_zero: Vec<bool>,
    /// Per struct and field, the IDL default as written.
    idl_defaults: Vec<Vec<Option<ConstValue>>>,
    /// How many of `structs` are declared in the IDL (the rest are methods'
    /// arguments and results).
    declared: usize,
}

/// The index tables used while building.
struct Indexes {
    structs: HashMap<DefRef, usize>,
    enums: HashMap<DefRef, usize>,
    services: HashMap<DefRef, usize>,
}

fn annotations(list: &[trift_idl::model::Annotation]) -> Vec<(String, String)> {
    list.iter()
        .map(|a| (a.key.clone(), a.value.clone()))
        .collect()
}

fn field_id(id: i32, owner: &str, name: &str) -> Result<i16, SchemaError> {
    i16::try_from(id).map_err(|_| {
        SchemaError(format!(
            "field `{name}` of `{owner}` has id {id}, outside i16"
        ))
    })
}

/// A field as read from the model, before defaults are typed.
struct RawField<'m> {
    field: &'m trift_idl::model::Field,
    ty: Ty,
    requiredness: Requiredness,
    /// A union member or a result field: always optional, never must arrive.
    force_optional: bool,
    /// A method argument: must arrive on decode, as generated servers have it.
    argument: bool,
}

impl Schema {
    /// Builds the schema of every file in `model`.
    pub fn new(model: &Model) -> Result<Schema, SchemaError> {
        let mut indexes = Indexes {
            structs: HashMap::new(),
            enums: HashMap::new(),
            services: HashMap::new(),
        };
        let mut schema = Schema {
            structs: Vec::new(),
            enums: Vec::new(),
            services: Vec::new(),
            has_zero: Vec::new(),
            declared: 0,
            idl_defaults: Vec::new(),
        };
        for file in &model.files {
            for e in &file.enums {
                let def = DefRef {
                    file: file.id,
                    name: e.name.clone(),
                };
                indexes.enums.insert(def, schema.enums.len());
                schema.enums.push(EnumDesc {
                    name: e.name.clone(),
                    qualified: format!("{}.{}", file.name, e.name),
                    doc: e.doc.clone(),
                    values: e.values.iter().map(|v| (v.name.clone(), v.value)).collect(),
                });
            }
            for s in &file.structs {
                let def = DefRef {
                    file: file.id,
                    name: s.name.clone(),
                };
                indexes.structs.insert(def, schema.structs.len());
                schema.structs.push(StructDesc {
                    name: s.name.clone(),
                    qualified: format!("{}.{}", file.name, s.name),
                    kind: s.kind,
                    doc: s.doc.clone(),
                    fields: Vec::new(),
                });
            }
            for s in &file.services {
                let def = DefRef {
                    file: file.id,
                    name: s.name.clone(),
                };
                indexes.services.insert(def, schema.services.len());
                schema.services.push(ServiceDesc {
                    name: s.name.clone(),
                    qualified: format!("{}.{}", file.name, s.name),
                    doc: s.doc.clone(),
                    extends: None,
                    methods: Vec::new(),
                });
            }
        }

        schema.declared = schema.structs.len();
        // Every struct-like type's fields (types resolved, defaults later), then
        // each method's synthetic argument and result structs.
        let mut raw: Vec<Vec<RawField<'_>>> = Vec::new();
        for file in &model.files {
            for s in &file.structs {
                let mut fields = Vec::new();
                for field in &s.fields {
                    let requiredness = if s.kind == StructKind::Union {
                        Requiredness::Optional
                    } else {
                        field.requiredness
                    };
                    fields.push(RawField {
                        field,
                        ty: resolve(model, &indexes, &field.ty)?,
                        requiredness,
                        force_optional: s.kind == StructKind::Union,
                        argument: false,
                    });
                }
                raw.push(fields);
            }
        }
        for file in &model.files {
            for service in &file.services {
                let def = DefRef {
                    file: file.id,
                    name: service.name.clone(),
                };
                let index = indexes.services[&def];
                let extends = match &service.extends {
                    Some(base) => Some(*indexes.services.get(base).ok_or_else(|| {
                        SchemaError(format!("service `{}` not found", base.name))
                    })?),
                    None => None,
                };
                let mut methods = Vec::new();
                for function in &service.functions {
                    let qualified = format!("{}.{}.{}", file.name, service.name, function.name);
                    let args = schema.structs.len();
                    schema.structs.push(StructDesc {
                        name: format!("{}_args", function.name),
                        qualified: format!("{qualified}_args"),
                        kind: StructKind::Struct,
                        doc: function.doc.clone(),
                        fields: Vec::new(),
                    });
                    let mut arg_fields = Vec::new();
                    for field in &function.args {
                        arg_fields.push(RawField {
                            field,
                            ty: resolve(model, &indexes, &field.ty)?,
                            // The front end drops `optional` on arguments, as Apache does.
                            requiredness: Requiredness::Default,
                            force_optional: false,
                            argument: true,
                        });
                    }
                    raw.push(arg_fields);
                    let result = schema.structs.len();
                    schema.structs.push(StructDesc {
                        name: format!("{}_result", function.name),
                        qualified: format!("{qualified}_result"),
                        kind: StructKind::Struct,
                        doc: None,
                        fields: Vec::new(),
                    });
                    let returns = match &function.return_type {
                        Some(ty) => Some(resolve(model, &indexes, ty)?),
                        None => None,
                    };
                    let mut result_fields = Vec::new();
                    for field in &function.throws {
                        result_fields.push(RawField {
                            field,
                            ty: resolve(model, &indexes, &field.ty)?,
                            requiredness: Requiredness::Optional,
                            force_optional: true,
                            argument: false,
                        });
                    }
                    raw.push(result_fields);
                    if let Some(ty) = &returns {
                        schema.structs[result].fields.push(FieldDesc {
                            id: 0,
                            name: "success".to_owned(),
                            doc: None,
                            ty: ty.clone(),
                            requiredness: Requiredness::Optional,
                            optional: true,
                            must_arrive: false,
                            default: None,
                            annotations: Vec::new(),
                        });
                    }
                    methods.push(MethodDesc {
                        name: function.name.clone(),
                        doc: function.doc.clone(),
                        oneway: function.oneway,
                        returns,
                        args,
                        result,
                        annotations: annotations(&function.annotations),
                    });
                }
                schema.services[index].extends = extends;
                schema.services[index].methods = methods;
            }
        }

        // Structs were pushed in the same order as `raw` (model structs, then
        // per method its args and result), so positions line up.
        let cyclic = cyclic_fields(&raw);
        schema.has_zero = zero_fixpoint(&raw, &cyclic);
        let mut offsets = Vec::with_capacity(raw.len());
        for (index, fields) in raw.iter().enumerate() {
            let owner = schema.structs[index].qualified.clone();
            let mut descs = Vec::new();
            for (position, raw_field) in fields.iter().enumerate() {
                let field = raw_field.field;
                let optional = raw_field.force_optional
                    || raw_field.requiredness == Requiredness::Optional
                    || (raw_field.requiredness == Requiredness::Default && cyclic[index][position]);
                let must_arrive = raw_field.argument
                    || !optional
                        && (raw_field.requiredness == Requiredness::Required
                            || field.default.is_none() && !schema.ty_has_zero(&raw_field.ty));
                descs.push(FieldDesc {
                    id: field_id(field.id, &owner, &field.name)?,
                    name: field.name.clone(),
                    doc: field.doc.clone(),
                    ty: raw_field.ty.clone(),
                    requiredness: raw_field.requiredness,
                    optional,
                    must_arrive,
                    default: None,
                    annotations: annotations(&field.annotations),
                });
            }
            // A result's `success` was pushed before its exceptions.
            offsets.push(schema.structs[index].fields.len());
            schema.structs[index].fields.extend(descs);
        }
        // Defaults last: they need every struct's fields. A union's members
        // take no default (generated unions start empty).
        schema.idl_defaults = raw
            .iter()
            .enumerate()
            .map(|(index, fields)| {
                let mut defaults = vec![None; offsets[index]];
                for raw_field in fields {
                    defaults.push(if schema.structs[index].kind == StructKind::Union {
                        None
                    } else {
                        raw_field.field.default.clone()
                    });
                }
                defaults
            })
            .collect();
        for index in 0..schema.structs.len() {
            for position in 0..schema.structs[index].fields.len() {
                let default = schema.field_default(index, position)?;
                schema.structs[index].fields[position].default = default;
            }
        }
        Ok(schema)
    }

    fn ty_has_zero(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Struct(index) => self.has_zero.get(*index).copied().unwrap_or(false),
            _ => true,
        }
    }

    /// The value field `position` of struct `index` takes when absent.
    fn field_default(&self, index: usize, position: usize) -> Result<Option<Value>, SchemaError> {
        let field = &self.structs[index].fields[position];
        match self.idl_defaults.get(index).and_then(|d| d.get(position)) {
            Some(Some(value)) => self.const_value(&field.ty, value).map(Some),
            _ if field.optional => Ok(None),
            _ => Ok(self.zero(&field.ty)),
        }
    }

    /// The zero value of `ty`, as generated code's `Default` has it: `false`,
    /// `0`, empty strings and containers, the nil uuid, an enum's first
    /// member, a struct with each field at its default, an empty union.
    /// `None` for a struct every value of which holds another of itself.
    pub fn zero(&self, ty: &Ty) -> Option<Value> {
        Some(match ty {
            Ty::Bool => Value::Bool(false),
            Ty::I8 => Value::I8(0),
            Ty::I16 => Value::I16(0),
            Ty::I32 => Value::I32(0),
            Ty::I64 => Value::I64(0),
            Ty::Double => Value::Double(0.0),
            Ty::String => Value::String(String::new()),
            Ty::Binary => Value::Binary(bytes::Bytes::new()),
            Ty::Uuid => Value::Uuid(uuid::Uuid::nil()),
            Ty::Enum(index) => Value::I32(
                self.enums
                    .get(*index)
                    .and_then(|e| e.values.first())
                    .map_or(0, |(_, v)| *v),
            ),
            Ty::List(_) => Value::List(Vec::new()),
            Ty::Set(_) => Value::Set(Vec::new()),
            Ty::Map(..) => Value::Map(Vec::new()),
            Ty::Struct(index) => {
                if !self.ty_has_zero(ty) {
                    return None;
                }
                let desc = self.structs.get(*index)?;
                if desc.kind == StructKind::Union {
                    return Some(Value::Struct(vec![None; desc.fields.len()]));
                }
                let mut fields = Vec::with_capacity(desc.fields.len());
                for position in 0..desc.fields.len() {
                    fields.push(self.field_default(*index, position).ok()?);
                }
                Value::Struct(fields)
            }
        })
    }

    /// The value of IDL constant `value` as a value of type `ty`.
    fn const_value(&self, ty: &Ty, value: &ConstValue) -> Result<Value, SchemaError> {
        let bad = || SchemaError(format!("constant {value:?} does not fit {ty:?}"));
        let int = |value: &ConstValue| match value {
            ConstValue::Int(i) => Some(*i),
            ConstValue::Bool(b) => Some(i64::from(*b)),
            ConstValue::Enum { value, .. } => Some(i64::from(*value)),
            _ => None,
        };
        Ok(match ty {
            Ty::Bool => Value::Bool(int(value).ok_or_else(bad)? != 0),
            Ty::I8 => Value::I8(i8::try_from(int(value).ok_or_else(bad)?).map_err(|_| bad())?),
            Ty::I16 => Value::I16(i16::try_from(int(value).ok_or_else(bad)?).map_err(|_| bad())?),
            Ty::I32 | Ty::Enum(_) => {
                Value::I32(i32::try_from(int(value).ok_or_else(bad)?).map_err(|_| bad())?)
            }
            Ty::I64 => Value::I64(int(value).ok_or_else(bad)?),
            Ty::Double => match value {
                ConstValue::Double(d) => Value::Double(*d),
                // Integer constants in a double's place convert, as the reference does.
                other => Value::Double(int(other).ok_or_else(bad)? as f64),
            },
            Ty::String => match value {
                ConstValue::String(s) => Value::String(s.clone()),
                _ => return Err(bad()),
            },
            Ty::Binary => match value {
                ConstValue::String(s) => Value::Binary(bytes::Bytes::from(s.clone().into_bytes())),
                _ => return Err(bad()),
            },
            Ty::Uuid => match value {
                ConstValue::Uuid(s) | ConstValue::String(s) => {
                    Value::Uuid(uuid::Uuid::try_parse(s).map_err(|_| bad())?)
                }
                _ => return Err(bad()),
            },
            Ty::List(elem) | Ty::Set(elem) => {
                let items = match value {
                    ConstValue::List(items) | ConstValue::Set(items) => items,
                    _ => return Err(bad()),
                };
                let items = items
                    .iter()
                    .map(|item| self.const_value(elem, item))
                    .collect::<Result<Vec<_>, _>>()?;
                if matches!(ty, Ty::List(_)) {
                    Value::List(items)
                } else {
                    Value::Set(items)
                }
            }
            Ty::Map(key, val) => {
                let ConstValue::Map(pairs) = value else {
                    return Err(bad());
                };
                let mut out = Vec::with_capacity(pairs.len());
                for (k, v) in pairs {
                    out.push((self.const_value(key, k)?, self.const_value(val, v)?));
                }
                Value::Map(out)
            }
            Ty::Struct(index) => {
                let ConstValue::Struct { fields: given, .. } = value else {
                    return Err(bad());
                };
                let desc = self.structs.get(*index).ok_or_else(bad)?;
                let mut fields: Vec<Option<Value>> = vec![None; desc.fields.len()];
                for (name, v) in given {
                    let position = desc.field_index(name).ok_or_else(bad)?;
                    fields[position] = Some(self.const_value(&desc.fields[position].ty, v)?);
                }
                if desc.kind != StructKind::Union {
                    for (position, slot) in fields.iter_mut().enumerate() {
                        if slot.is_none() {
                            *slot = self.field_default(*index, position)?;
                        }
                    }
                }
                Value::Struct(fields)
            }
        })
    }

    /// How many of [`Schema::structs`] are declared in the IDL; the rest are
    /// methods' arguments and results.
    pub fn declared_structs(&self) -> usize {
        self.declared
    }

    /// The struct, union or exception called `name` (`Name` or `file.Name`).
    pub fn find_struct(&self, name: &str) -> Option<usize> {
        self.structs
            .iter()
            .position(|s| s.qualified == name)
            .or_else(|| {
                self.structs[..self.declared]
                    .iter()
                    .position(|s| s.name == name)
            })
    }

    /// The service called `name` (`Name` or `file.Name`).
    pub fn find_service(&self, name: &str) -> Option<usize> {
        self.services
            .iter()
            .position(|s| s.qualified == name)
            .or_else(|| self.services.iter().position(|s| s.name == name))
    }

    /// Method `name` of service `service`, looked up through `extends`.
    pub fn find_method(&self, service: usize, name: &str) -> Option<&MethodDesc> {
        let mut current = Some(service);
        // A checked model has no extends cycles; the bound protects misuse.
        for _ in 0..=self.services.len() {
            let desc = self.services.get(current?)?;
            if let Some(method) = desc.methods.iter().find(|m| m.name == name) {
                return Some(method);
            }
            current = desc.extends;
        }
        None
    }

    /// Every method of `service`, its own first, then inherited ones.
    pub fn all_methods(&self, service: usize) -> Vec<&MethodDesc> {
        let mut out = Vec::new();
        let mut current = Some(service);
        for _ in 0..=self.services.len() {
            let Some(desc) = current.and_then(|i| self.services.get(i)) else {
                break;
            };
            out.extend(desc.methods.iter());
            current = desc.extends;
        }
        out
    }

    /// The IDL spelling of `ty` (`list<Work>`, `map<string, i64>`).
    pub fn type_name(&self, ty: &Ty) -> String {
        match ty {
            Ty::Bool => "bool".into(),
            Ty::I8 => "i8".into(),
            Ty::I16 => "i16".into(),
            Ty::I32 => "i32".into(),
            Ty::I64 => "i64".into(),
            Ty::Double => "double".into(),
            Ty::String => "string".into(),
            Ty::Binary => "binary".into(),
            Ty::Uuid => "uuid".into(),
            Ty::Enum(i) => self
                .enums
                .get(*i)
                .map_or_else(String::new, |e| e.name.clone()),
            Ty::Struct(i) => self
                .structs
                .get(*i)
                .map_or_else(String::new, |s| s.name.clone()),
            Ty::List(e) => format!("list<{}>", self.type_name(e)),
            Ty::Set(e) => format!("set<{}>", self.type_name(e)),
            Ty::Map(k, v) => format!("map<{}, {}>", self.type_name(k), self.type_name(v)),
        }
    }
}

fn resolve(model: &Model, indexes: &Indexes, ty: &TypeRef) -> Result<Ty, SchemaError> {
    let ty = model.true_type(ty);
    Ok(match &ty.ty {
        Type::Base { base } => match base {
            BaseType::Bool => Ty::Bool,
            BaseType::I8 => Ty::I8,
            BaseType::I16 => Ty::I16,
            BaseType::I32 => Ty::I32,
            BaseType::I64 => Ty::I64,
            BaseType::Double => Ty::Double,
            BaseType::String => Ty::String,
            BaseType::Binary => Ty::Binary,
            BaseType::Uuid => Ty::Uuid,
        },
        Type::List { elem, .. } => Ty::List(Box::new(resolve(model, indexes, elem)?)),
        Type::Set { elem, .. } => Ty::Set(Box::new(resolve(model, indexes, elem)?)),
        Type::Map { key, value, .. } => Ty::Map(
            Box::new(resolve(model, indexes, key)?),
            Box::new(resolve(model, indexes, value)?),
        ),
        Type::Named { def, target } => {
            let missing = || SchemaError(format!("type `{}` not found", target.name));
            match def {
                NamedKind::Enum => Ty::Enum(*indexes.enums.get(target).ok_or_else(missing)?),
                NamedKind::Struct | NamedKind::Union | NamedKind::Exception => {
                    Ty::Struct(*indexes.structs.get(target).ok_or_else(missing)?)
                }
                NamedKind::Typedef => return Err(missing()),
            }
        }
    })
}

/// Per struct and field: does the field hold, by value (outside containers),
/// a struct that is in the same strongly connected component as its owner?
fn cyclic_fields(raw: &[Vec<RawField<'_>>]) -> Vec<Vec<bool>> {
    let edges: Vec<Vec<usize>> = raw
        .iter()
        .map(|fields| {
            fields
                .iter()
                .filter_map(|f| match f.ty {
                    Ty::Struct(t) => Some(t),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let reaches = |from: usize, to: usize| {
        let mut seen = vec![false; edges.len()];
        let mut stack = vec![from];
        while let Some(node) = stack.pop() {
            if node == to {
                return true;
            }
            if node >= seen.len() || std::mem::replace(&mut seen[node], true) {
                continue;
            }
            stack.extend(edges[node].iter().copied());
        }
        false
    };
    raw.iter()
        .enumerate()
        .map(|(owner, fields)| {
            fields
                .iter()
                .map(|f| matches!(f.ty, Ty::Struct(t) if reaches(t, owner)))
                .collect()
        })
        .collect()
}

/// The least fixpoint of "has a finite zero value": a struct has one when
/// every field that must hold a value has a type that has one.
fn zero_fixpoint(raw: &[Vec<RawField<'_>>], cyclic: &[Vec<bool>]) -> Vec<bool> {
    let mut has = vec![false; raw.len()];
    loop {
        let mut changed = false;
        for (index, fields) in raw.iter().enumerate() {
            if has[index] {
                continue;
            }
            let all = fields.iter().enumerate().all(|(position, f)| {
                let optional = f.force_optional
                    || f.requiredness == Requiredness::Optional
                    || (f.requiredness == Requiredness::Default && cyclic[index][position]);
                optional
                    || match f.ty {
                        Ty::Struct(t) => has.get(t).copied().unwrap_or(false),
                        _ => true,
                    }
            });
            if all {
                has[index] = true;
                changed = true;
            }
        }
        if !changed {
            return has;
        }
    }
}
