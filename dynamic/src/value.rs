//! [`Value`]: one Thrift value of any type, without generated code.
//!
//! A value does not carry its type: the codec and the JSON mapping walk it
//! beside its [`crate::Ty`]. Enums are their `i32`; structs, unions and
//! exceptions hold one slot per declared field, in declaration order, `None`
//! for a field that is absent. Sets and maps keep their elements in the order
//! given or read, so a decoded value encodes back to the same bytes.

use bytes::Bytes;
use uuid::Uuid;

/// A Thrift value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `bool`.
    Bool(bool),
    /// `i8`.
    I8(i8),
    /// `i16`.
    I16(i16),
    /// `i32` and enums.
    I32(i32),
    /// `i64`.
    I64(i64),
    /// `double`.
    Double(f64),
    /// `string`.
    String(String),
    /// `binary`.
    Binary(Bytes),
    /// `uuid`.
    Uuid(Uuid),
    /// `list<T>`.
    List(Vec<Value>),
    /// `set<T>`, in the order given or read.
    Set(Vec<Value>),
    /// `map<K, V>`, in the order given or read.
    Map(Vec<(Value, Value)>),
    /// A struct, union or exception: one slot per declared field.
    Struct(Vec<Option<Value>>),
}

impl Value {
    /// What kind of value this is, for error messages (`i32`, `struct`).
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Bool(_) => "bool",
            Value::I8(_) => "i8",
            Value::I16(_) => "i16",
            Value::I32(_) => "i32",
            Value::I64(_) => "i64",
            Value::Double(_) => "double",
            Value::String(_) => "string",
            Value::Binary(_) => "binary",
            Value::Uuid(_) => "uuid",
            Value::List(_) => "list",
            Value::Set(_) => "set",
            Value::Map(_) => "map",
            Value::Struct(_) => "struct",
        }
    }
}
