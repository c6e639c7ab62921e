//! Unit tests of resolution and checking, on single in-memory files
//! (multi-file behaviour is tested through the loader in `tests/`).

use crate::check_source;
use crate::diagnostic::Severity;
use crate::model::*;

fn model(text: &str) -> Model {
    let compilation = check_source("t.thrift", text);
    let errors: Vec<String> = compilation
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.display(&compilation.sources).to_string())
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    compilation.model.expect("model")
}

/// Messages of every diagnostic of `severity`.
fn messages(text: &str, severity: Severity) -> Vec<String> {
    check_source("t.thrift", text)
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == severity)
        .map(|d| d.message)
        .collect()
}

fn errors(text: &str) -> Vec<String> {
    let found = messages(text, Severity::Error);
    assert!(!found.is_empty(), "expected an error for {text}");
    found
}

fn file(m: &Model) -> &File {
    &m.files[0]
}

#[test]
fn implicit_and_non_positive_ids_count_down_from_minus_one() {
    let m = model("struct S { i32 a, 5: i32 b, 0: i32 c, -7: i32 d, i32 e }");
    let ids: Vec<(i32, bool)> = file(&m).structs[0]
        .fields
        .iter()
        .map(|f| (f.id, f.explicit_id))
        .collect();
    assert_eq!(
        ids,
        [
            (-1, false),
            (5, true),
            (-2, false),
            (-3, false),
            (-4, false)
        ]
    );
    let warnings = messages(
        "struct S { i32 a, 0: i32 b, 40000: i32 c }",
        Severity::Warning,
    );
    assert_eq!(warnings.len(), 3, "{warnings:?}");
}

#[test]
fn duplicate_ids_and_names_are_errors() {
    assert!(errors("struct S { 1: i32 a, 1: i32 b }")[0].contains("field id 1"));
    assert!(errors("struct S { 1: i32 a, 2: i32 a }")[0].contains("field name `a`"));
    assert!(errors("service S { void f(1: i32 a, 1: i32 b) }")[0].contains("field id 1"));
    assert!(errors("struct S { 3000000000: i32 a }")[0].contains("out of range"));
}

#[test]
fn requiredness_follows_the_reference_rules() {
    let m = model(
        "exception E {}
         union U { 1: required i32 a, 2: i32 b }
         struct S { 1: required i32 a, 2: optional i32 b, 3: i32 c }
         service Svc { void f(1: optional i32 a) throws (1: required E e) }",
    );
    let f = file(&m);
    let union = f.structs.iter().find(|s| s.name == "U").unwrap();
    assert!(
        union
            .fields
            .iter()
            .all(|x| x.requiredness == Requiredness::Optional)
    );
    let s = f.structs.iter().find(|s| s.name == "S").unwrap();
    let req: Vec<Requiredness> = s.fields.iter().map(|x| x.requiredness).collect();
    assert_eq!(
        req,
        [
            Requiredness::Required,
            Requiredness::Optional,
            Requiredness::Default
        ]
    );
    let function = &f.services[0].functions[0];
    assert_eq!(function.args[0].requiredness, Requiredness::Default);
    assert_eq!(function.throws[0].requiredness, Requiredness::Default);
}

#[test]
fn named_types_resolve_through_typedef_chains() {
    let m = model(
        "typedef Point P1
         typedef P1 P2
         struct Point { 1: i32 x }
         struct Line { 1: P2 from, 2: list<Point> points, 3: map<P1, set<P2>> index }",
    );
    let f = file(&m);
    let line = f.structs.iter().find(|s| s.name == "Line").unwrap();
    let Type::Named { def, target } = &line.fields[0].ty.ty else {
        panic!()
    };
    assert_eq!((*def, target.name.as_str()), (NamedKind::Typedef, "P2"));
    let true_type = m.true_type(&line.fields[0].ty);
    assert_eq!(
        true_type.ty,
        Type::Named {
            def: NamedKind::Struct,
            target: DefRef {
                file: f.id,
                name: "Point".to_owned()
            }
        }
    );
    assert!(errors("typedef A B\ntypedef B A")[0].contains("refers to itself"));
    assert!(errors("struct S { 1: Missing m }")[0].contains("unknown type `Missing`"));
    assert!(errors("service X {}\nstruct S { 1: X x }")[0].contains("is a service"));
}

#[test]
fn enum_values_are_implicit_previous_plus_one() {
    let m = model("enum E { A, B = 10, C, D = -1, E2, F = 0x7fffffff }");
    let values: Vec<i32> = file(&m).enums[0].values.iter().map(|v| v.value).collect();
    assert_eq!(values, [0, 10, 11, -1, 0, i32::MAX]);
    let warnings = messages("enum E { A = 1, B = 1 }", Severity::Warning);
    assert!(warnings[0].contains("both 1"), "{warnings:?}");
    assert!(errors("enum E { A = 2147483647, B }")[0].contains("out of range"));
    assert!(errors("enum E { A, A }")[0].contains("already defined"));
}

#[test]
fn constants_are_typed_against_their_declared_type() {
    let m = model(
        r#"enum Color { RED = 1, GREEN = 2 }
           struct P { 1: i32 x, 2: Color c, 3: list<string> tags }
           typedef map<string, P> Index
           const bool B = 1
           const double D = 3
           const i8 SMALL = -128
           const Color C = Color.GREEN
           const i32 FROM_ENUM = Color.RED
           const i32 ALIAS = SMALL
           const set<i16> S = [1, 2]
           const Index I = {"a": {"x": 1, "c": Color.RED, "tags": ["t"]}}
           const uuid U = "00000000-0000-0000-0000-000000000001"
           const binary BIN = "bytes""#,
    );
    let consts = &file(&m).consts;
    let value = |name: &str| {
        consts
            .iter()
            .find(|c| c.name == name)
            .unwrap()
            .value
            .clone()
    };
    assert_eq!(value("B"), ConstValue::Bool(true));
    assert_eq!(value("D"), ConstValue::Double(3.0));
    assert_eq!(value("SMALL"), ConstValue::Int(-128));
    let ConstValue::Enum { name, value: v, .. } = value("C") else {
        panic!()
    };
    assert_eq!((name.as_str(), v), ("GREEN", 2));
    assert_eq!(value("FROM_ENUM"), ConstValue::Int(1));
    assert_eq!(value("ALIAS"), ConstValue::Int(-128));
    assert_eq!(
        value("S"),
        ConstValue::Set(vec![ConstValue::Int(1), ConstValue::Int(2)])
    );
    let ConstValue::Map(entries) = value("I") else {
        panic!()
    };
    let ConstValue::Struct { target, fields } = &entries[0].1 else {
        panic!()
    };
    assert_eq!(target.name, "P");
    assert_eq!(fields.len(), 3);
    assert!(matches!(value("U"), ConstValue::Uuid(_)));
    assert_eq!(value("BIN"), ConstValue::String("bytes".to_owned()));
}

#[test]
fn constant_errors_are_reported_with_the_reason() {
    assert!(errors("const i8 X = 128")[0].contains("out of range for i8"));
    assert!(errors("const string X = 1")[0].contains("type mismatch"));
    assert!(errors("const list<i32> X = [1, \"a\"]")[0].contains("type mismatch"));
    assert!(errors("enum E { A }\nconst E X = E.B")[0].contains("not a value of enum"));
    assert!(errors("enum E { A }\nconst E X = A")[0].contains("not qualified"));
    assert!(errors("enum E { A }\nconst E X = E.A\nconst E Y = X")[0].contains("is a constant"));
    assert!(errors("struct P { 1: i32 x }\nconst P X = {\"y\": 1}")[0].contains("no field named"));
    assert!(errors("const i32 X = LATER\nconst i32 LATER = 1")[0].contains("before it is defined"));
    assert!(errors("const i32 X = NOWHERE")[0].contains("unknown identifier"));
    assert!(errors("const uuid X = \"nope\"")[0].contains("not a valid uuid"));
    assert!(errors("const P X = {}\nstruct P {}")[0].contains("before it is defined"));
    let warnings = messages("const i64 X = 4294967296", Severity::Warning);
    assert!(warnings[0].contains("64-bit constant"));
}

#[test]
fn field_and_argument_defaults_are_typed() {
    let m = model(
        "enum E { A = 3 }
         const i32 LIMIT = 9
         struct S { 1: i32 a = LIMIT, 2: E e = E.A, 3: list<i32> l = [] }
         service Svc { void f(1: i32 x = 5) }",
    );
    let s = &file(&m).structs[0];
    assert_eq!(s.fields[0].default, Some(ConstValue::Int(9)));
    assert!(matches!(
        s.fields[1].default,
        Some(ConstValue::Enum { value: 3, .. })
    ));
    assert_eq!(s.fields[2].default, Some(ConstValue::List(Vec::new())));
    assert_eq!(
        file(&m).services[0].functions[0].args[0].default,
        Some(ConstValue::Int(5))
    );
    assert!(errors("union U { 1: i32 a = 1, 2: i32 b = 2 }")[0].contains("more than one default"));
    assert!(errors("struct S { 1: i32 a = nope }")[0].contains("unknown identifier"));
}

#[test]
fn services_extend_earlier_services_and_check_functions() {
    let m = model(
        "exception Oops {}
         service Base { void ping() }
         service Child extends Base { oneway void fire(), i32 get() throws (1: Oops o) }",
    );
    let f = file(&m);
    let child = &f.services[1];
    assert_eq!(
        child.extends.as_ref().map(|e| e.name.as_str()),
        Some("Base")
    );
    assert!(child.functions[0].oneway);
    assert_eq!(child.functions[1].throws.len(), 1);
    assert!(errors("service A extends B {}\nservice B {}")[0].contains("not defined yet"));
    assert!(errors("struct B {}\nservice A extends B {}")[0].contains("not a service"));
    assert!(errors("service A { void f(), void f() }")[0].contains("already defined"));
    assert!(
        errors("service A { void f() }\nservice B extends A { void f() }")[0]
            .contains("base service `A`")
    );
    assert!(
        errors("exception E {}\nservice A { oneway void f() throws (1: E e) }")[0]
            .contains("cannot throw")
    );
    assert!(
        errors("struct S {}\nservice A { void f() throws (1: S s) }")[0]
            .contains("not an exception")
    );
    let warnings = messages(
        "service A { oneway i32 f(), async void g() }",
        Severity::Warning,
    );
    assert_eq!(warnings.len(), 2, "{warnings:?}");
}

#[test]
fn exceptions_may_be_used_as_types() {
    model("exception E {}\nstruct S { 1: E e }\nservice A { E f(1: E e) }");
}

#[test]
fn duplicate_definitions_and_dotted_names_are_errors() {
    assert!(errors("struct A {}\nenum A { X }")[0].contains("already defined"));
    assert!(errors("const i32 A = 1\nconst i32 A = 2")[0].contains("already defined"));
    assert!(errors("struct a.b {}")[0].contains("contains a dot"));
    // Constants and types live in different namespaces, as in the reference.
    model("const i32 A = 1\nstruct A {}");
}

#[test]
fn namespaces_fall_back_to_star_and_unknown_scopes_warn() {
    let m = model("namespace * all\nnamespace rs a.b\nstruct S {}");
    assert_eq!(file(&m).namespace("rs"), Some("a.b"));
    assert_eq!(file(&m).namespace("py"), Some("all"));
    let warnings = messages(
        "namespace nosuch x\nnamespace cpp.nosub y",
        Severity::Warning,
    );
    assert_eq!(warnings.len(), 2, "{warnings:?}");
}

#[test]
fn annotations_docs_and_spans_reach_the_model() {
    let text = "/** Doc. */\nstruct S { 1: i32 (a = \"b\") x (bare) } (c = 'd')";
    let m = model(text);
    let s = &file(&m).structs[0];
    assert_eq!(s.doc.as_deref(), Some("Doc.\n"));
    assert_eq!(s.annotations[0].key, "c");
    assert_eq!(s.fields[0].annotations[0].value, "1");
    assert_eq!(s.fields[0].ty.annotations[0].value, "b");
    assert_eq!(
        &text[s.fields[0].span.range()],
        "1: i32 (a = \"b\") x (bare)"
    );
}

#[test]
fn the_model_serialises_to_json() {
    let m = model("enum E { A }\nstruct S { 1: optional list<E> e = [E.A] }");
    let json = serde_json::to_value(&m).unwrap();
    let field = &json["files"][0]["structs"][0]["fields"][0];
    assert_eq!(field["requiredness"], "optional");
    assert_eq!(field["ty"]["kind"], "list");
    assert_eq!(field["ty"]["elem"]["kind"], "named");
    assert_eq!(field["ty"]["elem"]["def"], "enum");
    assert_eq!(field["default"]["kind"], "list");
    assert_eq!(field["default"]["value"][0]["kind"], "enum");
}

/// Definition order as the reference compiler sees it: constants, defaults
/// and `throws` are resolved while the file is read, everything else after.
/// Each verdict here is also Debian's `thrift` 0.17's.
#[test]
fn constants_defaults_and_throws_see_only_definitions_above_them() {
    let accepted = [
        "typedef Later T\nstruct Later { 1: i32 x }\nstruct S { 1: T t }",
        "service X { E f(1: E e) }\nexception E {}",
        "struct S { 1: list<E> es, 2: map<E, S> m }\nenum E { A }",
        "const list<E> X = []\nconst map<string, E> Y = {}\nenum E { A = 1 }",
        "struct S { 1: list<E> e = [] }\nenum E { A = 1 }",
        "const i32 B = 1\nstruct S { 1: i32 x = B }",
        "typedef S T\nstruct S { 1: i32 a }\nconst T X = {\"a\": 1}",
        "struct S { 1: i32 a, 2: E e }\nenum E { A = 1 }\nconst S X = {\"e\": 1}",
        "struct S { 1: i32 a, 2: E e }\nconst S X = {\"a\": 1}\nenum E { A = 1 }",
        "enum E { A = 1 }\nconst i32 X = E.A\nstruct S { 1: E e = E.A, 2: i32 n = X }",
    ];
    for text in accepted {
        model(text);
    }
    let rejected = [
        (
            "const i32 A = B\nconst i32 B = 1",
            "constant `B` is used before",
        ),
        ("const i32 A = A", "constant `A` refers to itself"),
        ("struct S { 1: i32 x = B }\nconst i32 B = 1", "constant `B`"),
        ("union U { 1: i32 x = B }\nconst i32 B = 1", "constant `B`"),
        (
            "exception X { 1: i32 x = B }\nconst i32 B = 1",
            "constant `B`",
        ),
        (
            "service X { void f(1: i32 a = B) }\nconst i32 B = 1",
            "constant `B`",
        ),
        ("const i32 X = E.A\nenum E { A }", "enum `E` is used before"),
        (
            "struct S { 1: E e = E.A }\nenum E { A }",
            "type `E` is used before",
        ),
        ("struct S { 1: E e = 1 }\nenum E { A = 1 }", "type `E`"),
        (
            "service X { void f(1: E e = 1) }\nenum E { A = 1 }",
            "type `E`",
        ),
        ("const E X = 1\nenum E { A = 1 }", "type `E`"),
        ("const T X = 1\ntypedef i32 T", "type `T`"),
        ("struct S { 1: T e = 1 }\ntypedef i32 T", "type `T`"),
        ("const S X = {\"a\": 1}\nstruct S { 1: i32 a }", "type `S`"),
        (
            "typedef S T\nconst T X = {\"a\": 1}\nstruct S { 1: i32 a }",
            "type `S`",
        ),
        ("const list<E> X = [1]\nenum E { A = 1 }", "type `E`"),
        ("const map<E, i32> X = {1: 2}\nenum E { A = 1 }", "type `E`"),
        ("struct S { 1: list<T> t = [1] }\ntypedef i32 T", "type `T`"),
        (
            "struct S { 1: i32 a, 2: E e }\nconst S X = {\"e\": 1}\nenum E { A = 1 }",
            "type `E`",
        ),
        ("struct S { 1: S s = {} }", "type `S`"),
        (
            "service X { void f() throws (1: E e) }\nexception E {}",
            "type `E`",
        ),
        (
            "typedef E T\nservice X { void f() throws (1: T e) }\nexception E {}",
            "type `E`",
        ),
        ("service A extends B {}\nservice B {}", "not defined yet"),
    ];
    for (text, expected) in rejected {
        let found = errors(text);
        assert!(
            found.iter().any(|e| e.contains(expected)),
            "{text}: expected `{expected}` in {found:?}"
        );
    }
    // One report for a list of many items of a later type.
    assert_eq!(
        errors("const list<E> X = [1, 1, 1]\nenum E { A = 1 }").len(),
        1
    );
}

#[test]
fn constants_and_types_live_in_separate_namespaces() {
    model("const i32 Item = 1\nstruct Item {}\nenum Kind { BOOK }\nconst i32 BOOK = 2");
    for text in [
        "struct A {}\nstruct A {}",
        "typedef i32 A\nstruct A {}",
        "struct A {}\nservice A {}",
        "enum E { X }\nenum E { Y }",
        "const i32 A = 1\nconst i32 A = 2",
        "enum E { A, A }",
    ] {
        assert!(errors(text)[0].contains("already defined"), "{text}");
    }
}
