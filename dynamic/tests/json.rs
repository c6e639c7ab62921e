//! The JSON mapping: each rule of the table in `json.rs`, defaults, and the
//! path named by every kind of bad input.

use serde_json::json;
use trift_dynamic::{Schema, Ty, Value, from_json, to_json};

const IDL: &str = r#"
enum Operation { ADD = 1, SUBTRACT = 2 }
struct Work {
  1: i32 num1 = 0,
  2: i32 num2,
  3: Operation op,
  4: optional string comment,
}
struct Holder {
  1: required Work w
  2: map<string, i64> counts
  3: map<i32, string> names
  4: binary blob
  5: uuid id
  6: list<Work> works
  7: optional double ratio
  8: set<Operation> ops
}
union Choice { 1: i32 a; 2: string b }
service Calc {
  i32 calculate(1: i32 logid, 2: Work w)
}
"#;

fn schema() -> Schema {
    let compilation = trift_idl::check_source("t.thrift", IDL);
    Schema::new(&compilation.model.expect("valid IDL")).expect("schema")
}

fn ty(schema: &Schema, name: &str) -> Ty {
    Ty::Struct(schema.find_struct(name).expect(name))
}

fn error(schema: &Schema, name: &str, input: serde_json::Value) -> String {
    from_json(schema, &ty(schema, name), &input, "")
        .expect_err("must be rejected")
        .to_string()
}

#[test]
fn every_rule_round_trips() {
    let schema = schema();
    let holder = ty(&schema, "Holder");
    let input = json!({
        "w": {"num2": 7, "op": "SUBTRACT"},
        "counts": {"a": 9007199254740993_i64},
        "names": [[1, "one"], [-2, "minus two"]],
        "blob": "AAEC/w==",
        "id": "67e55044-10b1-426f-9247-bb680e5fe0c8",
        "works": [{"num1": 1, "num2": 2, "op": 1, "comment": "c"}],
        "ratio": "NaN",
        "ops": ["ADD", 17]
    });
    let value = from_json(&schema, &holder, &input, "").expect("fits");
    let out = to_json(&schema, &holder, &value, "").expect("shape");
    let expected = json!({
        "w": {"num1": 0, "num2": 7, "op": "SUBTRACT"},
        "counts": {"a": 9007199254740993_i64},
        "names": [[1, "one"], [-2, "minus two"]],
        "blob": "AAEC/w==",
        "id": "67e55044-10b1-426f-9247-bb680e5fe0c8",
        "works": [{"num1": 1, "num2": 2, "op": "ADD", "comment": "c"}],
        "ratio": "NaN",
        "ops": ["ADD", 17]
    });
    assert_eq!(out, expected);
}

#[test]
fn defaults_are_filled_in() {
    let schema = schema();
    let work = ty(&schema, "Work");
    let value = from_json(&schema, &work, &json!({}), "").expect("fits");
    // num1's IDL default, num2's zero, op's first member, no comment.
    assert_eq!(
        value,
        Value::Struct(vec![
            Some(Value::I32(0)),
            Some(Value::I32(0)),
            Some(Value::I32(1)),
            None
        ])
    );
}

#[test]
fn arguments_fill_defaults_and_name_their_path() {
    let schema = schema();
    let service = schema.find_service("Calc").expect("Calc");
    let method = schema.find_method(service, "calculate").expect("calculate");
    let args = Ty::Struct(method.args);
    let value = from_json(&schema, &args, &json!({"w": {"num2": 3}}), "").expect("fits");
    assert_eq!(
        to_json(&schema, &args, &value, "").expect("shape"),
        json!({"logid": 0, "w": {"num1": 0, "num2": 3, "op": "ADD"}})
    );
    let bad = from_json(&schema, &args, &json!({"w": {"op": "x1"}}), "")
        .expect_err("bad member")
        .to_string();
    assert_eq!(bad, "w.op: `x1` is not a member of Operation");
    let bad = from_json(&schema, &args, &json!({"w": {"op": true}}), "")
        .expect_err("bad type")
        .to_string();
    assert_eq!(bad, "w.op: expected Operation, found a boolean");
    let bad = from_json(&schema, &args, &json!({"w": {"num2": "x"}}), "")
        .expect_err("bad type")
        .to_string();
    assert_eq!(bad, "w.num2: expected i32, found a string");
}

#[test]
fn bad_input_names_the_path() {
    let schema = schema();
    assert_eq!(
        error(&schema, "Holder", json!({})),
        "w: missing required field"
    );
    assert_eq!(
        error(&schema, "Holder", json!({"w": {}, "wx": 1})),
        "wx: unknown field of Holder"
    );
    assert_eq!(
        error(&schema, "Holder", json!({"w": {"num1": 4294967296_i64}})),
        "w.num1: expected i32, found a number"
    );
    assert_eq!(
        error(
            &schema,
            "Holder",
            json!({"w": {}, "works": [{}, {"bad": 1}]})
        ),
        "works[1].bad: unknown field of Work"
    );
    assert_eq!(
        error(&schema, "Holder", json!({"w": {}, "counts": {"k": 1.5}})),
        "counts[\"k\"]: expected i64, found a number"
    );
    assert_eq!(
        error(&schema, "Holder", json!({"w": {}, "names": [[1]]})),
        "names[0]: expected a [key, value] pair"
    );
    assert_eq!(
        error(&schema, "Holder", json!({"w": {}, "blob": "***"})),
        "blob: expected base64 binary"
    );
    assert_eq!(
        error(&schema, "Holder", json!({"w": {}, "id": "nope"})),
        "id: expected uuid, found a string that is not one"
    );
    assert_eq!(
        error(&schema, "Choice", json!({"a": 1, "b": "x"})),
        "union Choice takes at most one field"
    );
    assert_eq!(
        error(&schema, "Holder", json!([])),
        "expected Holder, found an array"
    );
}

#[test]
fn a_value_of_the_wrong_shape_is_an_error_not_a_panic() {
    let schema = schema();
    let work = ty(&schema, "Work");
    let wrong = Value::Struct(vec![Some(Value::String("x".into())), None, None, None]);
    assert!(to_json(&schema, &work, &wrong, "").is_err());
    let mut out = Vec::new();
    let mut writer = trift::protocol::BinaryWriter::new(&mut out);
    assert!(trift_dynamic::encode(&schema, &work, &wrong, &mut writer).is_err());
    let short = Value::Struct(vec![None]);
    assert!(trift_dynamic::encode(&schema, &work, &short, &mut writer).is_err());
}
