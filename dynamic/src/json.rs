//! The JSON mapping of [`Value`]s, by field name.
//!
//! | Thrift | JSON |
//! |---|---|
//! | struct, union, exception | an object keyed by field name (absent fields left out) |
//! | `map<string, V>` | an object |
//! | any other map | `[[key, value], …]` |
//! | list, set | an array |
//! | `bool` | `true` / `false` |
//! | integers | numbers, exact to 64 bits (a decimal string is accepted too) |
//! | `double` | a number; `"NaN"`, `"Infinity"`, `"-Infinity"` for the others |
//! | `string` | a string |
//! | `binary` | standard base64 |
//! | `uuid` | the hyphenated string |
//! | enum | the member's name (its number when it has none); a name or a number on input |
//!
//! On input, fields left out (or `null`) take their defaults: the IDL default,
//! else nothing for an optional field, else the type's zero value; a
//! `required` field left out is an error. Unknown field names and enum member
//! names are errors. Every error names the path of the bad value:
//! `w.op: expected i32`, `items[2].name: unknown field`.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Number, Value as Json};
use trift_idl::model::{Requiredness, StructKind};

use crate::schema::{Schema, StructDesc, Ty};
use crate::value::Value;

/// A JSON value that does not fit its Thrift type, with the path to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Where: field names joined by `.`, `[i]` for list elements, `["k"]`
    /// for map values. Empty for the top-level value.
    pub path: String,
    /// What is wrong (`expected i32`, `unknown field`).
    pub message: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for JsonError {}

fn fail<T>(path: &str, message: impl Into<String>) -> Result<T, JsonError> {
    Err(JsonError {
        path: path.to_owned(),
        message: message.into(),
    })
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

fn expected<T>(schema: &Schema, ty: &Ty, path: &str, found: &Json) -> Result<T, JsonError> {
    let what = match found {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    };
    fail(
        path,
        format!("expected {}, found {what}", schema.type_name(ty)),
    )
}

/// Converts `json` into a value of type `ty`; `path` names it in errors.
pub fn from_json(schema: &Schema, ty: &Ty, json: &Json, path: &str) -> Result<Value, JsonError> {
    let integer = |json: &Json| -> Option<i64> {
        match json {
            Json::Number(n) => n.as_i64(),
            Json::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    };
    macro_rules! int {
        ($variant:ident, $t:ty) => {
            match integer(json).and_then(|i| <$t>::try_from(i).ok()) {
                Some(v) => Value::$variant(v),
                None => return expected(schema, ty, path, json),
            }
        };
    }
    Ok(match ty {
        Ty::Bool => match json {
            Json::Bool(b) => Value::Bool(*b),
            _ => return expected(schema, ty, path, json),
        },
        Ty::I8 => int!(I8, i8),
        Ty::I16 => int!(I16, i16),
        Ty::I32 => int!(I32, i32),
        Ty::I64 => int!(I64, i64),
        Ty::Double => match json {
            Json::Number(n) => match n.as_f64() {
                Some(d) => Value::Double(d),
                None => return expected(schema, ty, path, json),
            },
            Json::String(s) => match s.as_str() {
                "NaN" => Value::Double(f64::NAN),
                "Infinity" => Value::Double(f64::INFINITY),
                "-Infinity" => Value::Double(f64::NEG_INFINITY),
                _ => return expected(schema, ty, path, json),
            },
            _ => return expected(schema, ty, path, json),
        },
        Ty::String => match json {
            Json::String(s) => Value::String(s.clone()),
            _ => return expected(schema, ty, path, json),
        },
        Ty::Binary => match json {
            Json::String(s) => match STANDARD.decode(s) {
                Ok(bytes) => Value::Binary(bytes.into()),
                Err(_) => return fail(path, "expected base64 binary"),
            },
            _ => return expected(schema, ty, path, json),
        },
        Ty::Uuid => match json {
            Json::String(s) => match uuid::Uuid::try_parse(s) {
                Ok(u) => Value::Uuid(u),
                Err(_) => return fail(path, "expected uuid, found a string that is not one"),
            },
            _ => return expected(schema, ty, path, json),
        },
        Ty::Enum(index) => {
            let Some(desc) = schema.enums.get(*index) else {
                return fail(path, "enum outside the schema");
            };
            match json {
                Json::String(name) => match desc.value_of(name) {
                    Some(v) => Value::I32(v),
                    None => match name.trim().parse::<i32>() {
                        Ok(v) => Value::I32(v),
                        Err(_) => {
                            return fail(
                                path,
                                format!("`{name}` is not a member of {}", desc.name),
                            );
                        }
                    },
                },
                Json::Number(_) => int!(I32, i32),
                _ => return expected(schema, ty, path, json),
            }
        }
        Ty::List(elem) | Ty::Set(elem) => {
            let Json::Array(items) = json else {
                return expected(schema, ty, path, json);
            };
            let items = items
                .iter()
                .enumerate()
                .map(|(i, item)| from_json(schema, elem, item, &format!("{path}[{i}]")))
                .collect::<Result<Vec<_>, _>>()?;
            if matches!(ty, Ty::List(_)) {
                Value::List(items)
            } else {
                Value::Set(items)
            }
        }
        Ty::Map(key, val) => match (key.as_ref(), json) {
            (Ty::String, Json::Object(object)) => {
                let mut pairs = Vec::with_capacity(object.len());
                for (k, v) in object {
                    let value = from_json(schema, val, v, &format!("{path}[{k:?}]"))?;
                    pairs.push((Value::String(k.clone()), value));
                }
                Value::Map(pairs)
            }
            (_, Json::Array(items)) => {
                let mut pairs = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let here = format!("{path}[{i}]");
                    match item {
                        Json::Array(pair) if pair.len() == 2 => pairs.push((
                            from_json(schema, key, &pair[0], &format!("{here}[0]"))?,
                            from_json(schema, val, &pair[1], &format!("{here}[1]"))?,
                        )),
                        _ => return fail(&here, "expected a [key, value] pair"),
                    }
                }
                Value::Map(pairs)
            }
            _ => return expected(schema, ty, path, json),
        },
        Ty::Struct(index) => {
            let Some(desc) = schema.structs.get(*index) else {
                return fail(path, "struct outside the schema");
            };
            let Json::Object(object) = json else {
                return expected(schema, ty, path, json);
            };
            Value::Struct(struct_from_json(schema, desc, object, path)?)
        }
    })
}

/// Converts a JSON object into the field slots of `desc` (a struct, or a
/// method's arguments), filling in defaults.
pub fn struct_from_json(
    schema: &Schema,
    desc: &StructDesc,
    object: &Map<String, Json>,
    path: &str,
) -> Result<Vec<Option<Value>>, JsonError> {
    let mut fields: Vec<Option<Value>> = vec![None; desc.fields.len()];
    for (name, json) in object {
        let here = join(path, name);
        let Some(position) = desc.field_index(name) else {
            return fail(&here, format!("unknown field of {}", desc.name));
        };
        if json.is_null() {
            continue;
        }
        fields[position] = Some(from_json(schema, &desc.fields[position].ty, json, &here)?);
    }
    if desc.kind == StructKind::Union {
        if fields.iter().filter(|f| f.is_some()).count() > 1 {
            return fail(path, format!("union {} takes at most one field", desc.name));
        }
        return Ok(fields);
    }
    for (field, slot) in desc.fields.iter().zip(fields.iter_mut()) {
        if slot.is_some() {
            continue;
        }
        if field.requiredness == Requiredness::Required
            || (field.default.is_none() && !field.optional)
        {
            return fail(&join(path, &field.name), "missing required field");
        }
        *slot = field.default.clone();
    }
    Ok(fields)
}

fn shape(schema: &Schema, ty: &Ty, value: &Value, path: &str) -> JsonError {
    JsonError {
        path: path.to_owned(),
        message: format!(
            "a {} value where {} belongs",
            value.kind(),
            schema.type_name(ty)
        ),
    }
}

/// Converts `value`, of type `ty`, to JSON.
pub fn to_json(schema: &Schema, ty: &Ty, value: &Value, path: &str) -> Result<Json, JsonError> {
    Ok(match (ty, value) {
        (Ty::Bool, Value::Bool(b)) => Json::Bool(*b),
        (Ty::I8, Value::I8(v)) => Json::from(*v),
        (Ty::I16, Value::I16(v)) => Json::from(*v),
        (Ty::I32, Value::I32(v)) => Json::from(*v),
        (Ty::I64, Value::I64(v)) => Json::from(*v),
        (Ty::Double, Value::Double(d)) => match Number::from_f64(*d) {
            Some(n) => Json::Number(n),
            None if d.is_nan() => Json::from("NaN"),
            None if *d > 0.0 => Json::from("Infinity"),
            None => Json::from("-Infinity"),
        },
        (Ty::String, Value::String(s)) => Json::from(s.as_str()),
        (Ty::Binary, Value::Binary(b)) => Json::from(STANDARD.encode(b)),
        (Ty::Uuid, Value::Uuid(u)) => Json::from(u.hyphenated().to_string()),
        (Ty::Enum(index), Value::I32(v)) => {
            match schema.enums.get(*index).and_then(|e| e.name_of(*v)) {
                Some(name) => Json::from(name),
                None => Json::from(*v),
            }
        }
        (Ty::List(elem), Value::List(items)) | (Ty::Set(elem), Value::Set(items)) => Json::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| to_json(schema, elem, item, &format!("{path}[{i}]")))
                .collect::<Result<_, _>>()?,
        ),
        (Ty::Map(key, val), Value::Map(pairs)) => {
            if **key == Ty::String {
                let mut object = Map::new();
                for (k, v) in pairs {
                    let Value::String(k) = k else {
                        return Err(shape(schema, key, k, path));
                    };
                    let here = format!("{path}[{k:?}]");
                    object.insert(k.clone(), to_json(schema, val, v, &here)?);
                }
                Json::Object(object)
            } else {
                let mut out = Vec::with_capacity(pairs.len());
                for (i, (k, v)) in pairs.iter().enumerate() {
                    let here = format!("{path}[{i}]");
                    out.push(Json::Array(vec![
                        to_json(schema, key, k, &here)?,
                        to_json(schema, val, v, &here)?,
                    ]));
                }
                Json::Array(out)
            }
        }
        (Ty::Struct(index), Value::Struct(fields)) => match schema.structs.get(*index) {
            Some(desc) => Json::Object(struct_to_json(schema, desc, fields, path)?),
            None => return Err(shape(schema, ty, value, path)),
        },
        _ => return Err(shape(schema, ty, value, path)),
    })
}

/// Converts the field slots of `desc` to a JSON object (absent fields left out).
pub fn struct_to_json(
    schema: &Schema,
    desc: &StructDesc,
    fields: &[Option<Value>],
    path: &str,
) -> Result<Map<String, Json>, JsonError> {
    let mut object = Map::new();
    for (field, slot) in desc.fields.iter().zip(fields) {
        if let Some(value) = slot {
            let here = join(path, &field.name);
            object.insert(
                field.name.clone(),
                to_json(schema, &field.ty, value, &here)?,
            );
        }
    }
    Ok(object)
}
