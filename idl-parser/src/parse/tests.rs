//! Unit tests of the grammar and lowering, one construct at a time.

use super::parse;
use crate::ast::*;
use crate::span::FileId;

fn ok(text: &str) -> Document {
    let (document, diagnostics) = parse(FileId(0), text);
    assert!(diagnostics.is_empty(), "{text}\n{diagnostics:#?}");
    document.expect("document")
}

fn err(text: &str) -> String {
    let (_, diagnostics) = parse(FileId(0), text);
    assert!(!diagnostics.is_empty(), "expected an error for {text:?}");
    diagnostics[0].message.clone()
}

fn only<T: Clone>(items: &[T]) -> T {
    assert_eq!(items.len(), 1);
    items[0].clone()
}

fn struct_def(d: &Document, i: usize) -> &StructDef {
    match &d.definitions[i] {
        Definition::Struct(s) => s,
        other => panic!("not a struct: {other:?}"),
    }
}

fn const_def(d: &Document, i: usize) -> &ConstDef {
    match &d.definitions[i] {
        Definition::Const(c) => c,
        other => panic!("not a const: {other:?}"),
    }
}

#[test]
fn headers_include_cpp_include_and_namespaces() {
    let d = ok(r#"
        include "a/b.thrift"
        cpp_include '<vector>'
        namespace rs a.b
        namespace * everything
        namespace py.twisted tw
        namespace xsd test (uri = 'http://x', flag)
        struct S {}
    "#);
    assert_eq!(d.headers.len(), 6);
    let Header::Include(include) = &d.headers[0] else {
        panic!()
    };
    assert_eq!(include.path, "a/b.thrift");
    let Header::CppInclude(cpp) = &d.headers[1] else {
        panic!()
    };
    assert_eq!(cpp.path, "<vector>");
    let scopes: Vec<(&str, &str)> = d.headers[2..]
        .iter()
        .map(|h| match h {
            Header::Namespace(n) => (n.scope.name.as_str(), n.name.name.as_str()),
            _ => panic!(),
        })
        .collect();
    assert_eq!(
        scopes,
        [
            ("rs", "a.b"),
            ("*", "everything"),
            ("py.twisted", "tw"),
            ("xsd", "test")
        ]
    );
    let Header::Namespace(xsd) = &d.headers[5] else {
        panic!()
    };
    assert_eq!(xsd.annotations.len(), 2);
    assert_eq!(xsd.annotations[0].value.as_deref(), Some("http://x"));
    assert_eq!(xsd.annotations[1].value, None);
}

#[test]
fn byte_order_mark_is_skipped() {
    let d = ok("\u{FEFF}struct S {}");
    assert_eq!(d.definitions.len(), 1);
}

#[test]
fn headers_after_definitions_are_rejected() {
    assert!(err("struct S {}\nnamespace rs x").contains("after a definition"));
}

#[test]
fn const_values_of_every_kind() {
    let d = ok(r#"
        const i32 A = 42
        const i64 B = -0x1F;
        const double C = 1.5e-3,
        const double D = .5
        const double E = 1e10
        const string F = "a\n\t\"q\"\\"
        const string G = 'it\'s'
        const bool H = true
        const bool I = false
        const list<i32> J = [1, 2; 3 4,]
        const map<string, list<i32>> K = {"a": [1], 'b': []}
        const E L = Kind.ONE
        const i32 M = +7
    "#);
    let kinds: Vec<ConstKind> = (0..13)
        .map(|i| const_def(&d, i).value.kind.clone())
        .collect();
    assert_eq!(kinds[0], ConstKind::Int(42));
    assert_eq!(kinds[1], ConstKind::Int(-31));
    assert_eq!(kinds[2], ConstKind::Double(1.5e-3));
    assert_eq!(kinds[3], ConstKind::Double(0.5));
    assert_eq!(kinds[4], ConstKind::Double(1e10));
    assert_eq!(kinds[5], ConstKind::String("a\n\t\"q\"\\".to_owned()));
    assert_eq!(kinds[6], ConstKind::String("it's".to_owned()));
    assert_eq!(kinds[7], ConstKind::Int(1));
    assert_eq!(kinds[8], ConstKind::Int(0));
    let ConstKind::List(items) = &kinds[9] else {
        panic!()
    };
    assert_eq!(items.len(), 4);
    let ConstKind::Map(entries) = &kinds[10] else {
        panic!()
    };
    assert_eq!(entries.len(), 2);
    assert_eq!(kinds[11], ConstKind::Ident("Kind.ONE".to_owned()));
    assert_eq!(kinds[12], ConstKind::Int(7));
}

#[test]
fn e10_alone_is_an_identifier_not_a_double() {
    let d = ok("const double X = e10");
    assert_eq!(
        const_def(&d, 0).value.kind,
        ConstKind::Ident("e10".to_owned())
    );
}

#[test]
fn integers_beyond_64_bits_and_bad_escapes_are_errors() {
    assert!(err("const i64 X = 9223372036854775808").contains("too big"));
    assert!(err("const i64 X = 0x10000000000000000").contains("too big"));
    assert!(err(r#"const string X = "\d""#).contains("bad escape"));
    let text = r#"const string X = "a\tb\q""#;
    let (_, d) = parse(FileId(0), text);
    let span = d[0].primary_span().expect("span");
    assert_eq!(&text[span.range()], "\\q");
    let (_, d) = parse(FileId(0), "const i64 X = -9223372036854775808");
    assert!(d.is_empty());
}

#[test]
fn typedefs_of_base_container_and_named_types_with_annotations() {
    let d = ok(r#"
        typedef i32 (cpp.type = "int") MyInt (a = "b")
        typedef map<string, list<set<Other.T>>> Nested;
        typedef Other OtherAlias,
    "#);
    let Definition::Typedef(t) = &d.definitions[0] else {
        panic!()
    };
    assert_eq!(t.name.name, "MyInt");
    assert_eq!(t.ty.annotations.len(), 1);
    assert_eq!(t.annotations.len(), 1);
    assert!(matches!(
        t.ty.kind,
        TypeKind::Base {
            base: BaseType::I32,
            ..
        }
    ));
    let Definition::Typedef(t) = &d.definitions[1] else {
        panic!()
    };
    let TypeKind::Map { key, value, .. } = &t.ty.kind else {
        panic!()
    };
    assert!(matches!(
        key.kind,
        TypeKind::Base {
            base: BaseType::String,
            ..
        }
    ));
    let TypeKind::List { elem, .. } = &value.kind else {
        panic!()
    };
    let TypeKind::Set { elem, .. } = &elem.kind else {
        panic!()
    };
    let TypeKind::Named(name) = &elem.kind else {
        panic!()
    };
    assert_eq!(name.name, "Other.T");
}

#[test]
fn every_base_type_and_the_byte_alias() {
    let d = ok(
        "struct S { 1: bool a 2: byte b 3: i8 c 4: i16 d 5: i32 e 6: i64 f \
                7: double g 8: string h 9: binary i 10: uuid j }",
    );
    let bases: Vec<(BaseType, bool)> = struct_def(&d, 0)
        .fields
        .iter()
        .map(|f| match f.ty.kind {
            TypeKind::Base { base, byte_alias } => (base, byte_alias),
            _ => panic!(),
        })
        .collect();
    use BaseType::*;
    assert_eq!(
        bases,
        [
            (Bool, false),
            (I8, true),
            (I8, false),
            (I16, false),
            (I32, false),
            (I64, false),
            (Double, false),
            (String, false),
            (Binary, false),
            (Uuid, false)
        ]
    );
}

#[test]
fn cpp_type_before_and_after_containers() {
    let d = ok(r#"typedef list cpp_type "std::deque<int>" <i32> A
                  typedef list<i32> cpp_type "Trailing" B
                  typedef map cpp_type "M" <i32, i32> C
                  typedef set cpp_type "S" <i32> (x = "y") D"#);
    let cpp: Vec<Option<String>> = d
        .definitions
        .iter()
        .map(|def| match def {
            Definition::Typedef(t) => match &t.ty.kind {
                TypeKind::List { cpp_type, .. }
                | TypeKind::Set { cpp_type, .. }
                | TypeKind::Map { cpp_type, .. } => cpp_type.clone(),
                _ => None,
            },
            _ => None,
        })
        .collect();
    assert_eq!(
        cpp,
        [
            Some("std::deque<int>".to_owned()),
            Some("Trailing".to_owned()),
            Some("M".to_owned()),
            Some("S".to_owned())
        ]
    );
}

#[test]
fn enums_with_implicit_explicit_hex_and_negative_values() {
    let d = ok("enum E { A, B = 5, C = 0x10; D = -3 (deprecated) E } (x.y = 'z')");
    let Definition::Enum(e) = &d.definitions[0] else {
        panic!()
    };
    let values: Vec<Option<i64>> = e.values.iter().map(|v| v.value.map(|(n, _)| n)).collect();
    assert_eq!(values, [None, Some(5), Some(16), Some(-3), None]);
    assert_eq!(e.values[3].annotations.len(), 1);
    assert_eq!(e.annotations.len(), 1);
    ok("enum Empty {}");
}

#[test]
fn structs_unions_and_exceptions_with_every_field_feature() {
    let d = ok(r#"
        struct S xsd_all {
          1: required i32 a = 1,
          -2: optional list<S> & b;
          i32 c
          4: string d xsd_optional xsd_nillable xsd_attrs { 1: i32 attr } (k = "v")
        } (final)
        union U { 1: i32 x, 2: string y }
        exception E { 1: string message }
    "#);
    let s = struct_def(&d, 0);
    assert!(s.xsd_all);
    assert_eq!(s.annotations.len(), 1);
    let f = &s.fields;
    assert_eq!(f[0].id.map(|(n, _)| n), Some(1));
    assert_eq!(f[0].requiredness, Requiredness::Required);
    assert_eq!(
        f[0].default.as_ref().map(|v| v.kind.clone()),
        Some(ConstKind::Int(1))
    );
    assert_eq!(f[1].id.map(|(n, _)| n), Some(-2));
    assert_eq!(f[1].requiredness, Requiredness::Optional);
    assert!(f[1].reference);
    assert_eq!(f[2].id, None);
    assert_eq!(f[2].requiredness, Requiredness::Default);
    assert!(f[3].xsd_optional && f[3].xsd_nillable);
    assert_eq!(f[3].xsd_attrs.len(), 1);
    assert_eq!(f[3].annotations.len(), 1);
    assert_eq!(struct_def(&d, 1).kind, StructKind::Union);
    assert_eq!(struct_def(&d, 2).kind, StructKind::Exception);
}

#[test]
fn keywords_are_allowed_as_field_names_but_not_cpp_type() {
    let d = ok(
        "struct S { 1: i32 i8, 2: string list, 3: bool required, 4: i32 service, \
                5: i32 true }",
    );
    let names: Vec<&str> = struct_def(&d, 0)
        .fields
        .iter()
        .map(|f| f.name.name.as_str())
        .collect();
    assert_eq!(names, ["i8", "list", "required", "service", "true"]);
    err("struct S { 1: i32 cpp_type }");
    err("struct list {}");
}

#[test]
fn identifiers_extending_keywords_are_identifiers() {
    let d = ok("struct i32x { 1: list.thing a } struct structure {}");
    assert_eq!(struct_def(&d, 0).name.name, "i32x");
    let TypeKind::Named(n) = &struct_def(&d, 0).fields[0].ty.kind else {
        panic!()
    };
    assert_eq!(n.name, "list.thing");
    assert_eq!(struct_def(&d, 1).name.name, "structure");
}

#[test]
fn services_functions_oneway_async_throws_and_extends() {
    let d = ok(r#"
        service S extends other.Base {
          void ping(),
          oneway void fire(1: i32 x);
          async void old()
          map<i32, string> get(1: i32 a = 3, 2: string b) throws (1: Ex e, 2: other.Ex f) (deprecated)
        } (svc = "1")
    "#);
    let Definition::Service(s) = &d.definitions[0] else {
        panic!()
    };
    assert_eq!(
        s.extends.as_ref().map(|e| e.name.as_str()),
        Some("other.Base")
    );
    assert_eq!(s.functions.len(), 4);
    assert!(s.functions[0].return_type.is_none() && s.functions[0].oneway.is_none());
    assert_eq!(
        s.functions[1].oneway.map(|o| o.0),
        Some(OnewayKeyword::Oneway)
    );
    assert_eq!(
        s.functions[2].oneway.map(|o| o.0),
        Some(OnewayKeyword::Async)
    );
    let get = &s.functions[3];
    assert!(matches!(
        get.return_type.as_ref().map(|t| &t.kind),
        Some(TypeKind::Map { .. })
    ));
    assert_eq!(get.args.len(), 2);
    assert!(get.args[0].default.is_some());
    assert_eq!(get.throws.as_ref().map(|t| t.0.len()), Some(2));
    assert_eq!(get.annotations.len(), 1);
    assert_eq!(s.annotations.len(), 1);
}

#[test]
fn comments_of_every_kind_and_doc_comments_attach_to_what_follows() {
    let d = ok(r#"
        /** The file. */
        namespace rs x
        # hash comment
        // line comment
        /* block */ /**/
        /**
         * A struct.
         *   indented
         */
        struct S {
          /** the field */ 1: i32 a // trailing
          /* not a doc */ 2: i32 b
        }
        /** E doc */ enum E { /** A doc */ A }
        service Svc { /** fn doc */ void f() }
    "#);
    assert_eq!(d.doc.as_ref().map(|d| d.text.as_str()), Some("The file.\n"));
    let s = struct_def(&d, 0);
    assert_eq!(
        s.doc.as_ref().map(|d| d.text.as_str()),
        Some("A struct.\n  indented\n")
    );
    assert_eq!(
        s.fields[0].doc.as_ref().map(|d| d.text.as_str()),
        Some("the field\n")
    );
    assert!(s.fields[1].doc.is_none());
    let Definition::Enum(e) = &d.definitions[1] else {
        panic!()
    };
    assert_eq!(e.doc.as_ref().map(|d| d.text.as_str()), Some("E doc\n"));
    assert_eq!(
        e.values[0].doc.as_ref().map(|d| d.text.as_str()),
        Some("A doc\n")
    );
    let Definition::Service(svc) = &d.definitions[2] else {
        panic!()
    };
    assert_eq!(
        svc.functions[0].doc.as_ref().map(|d| d.text.as_str()),
        Some("fn doc\n")
    );
}

#[test]
fn removed_constructs_say_what_to_write_instead() {
    assert!(err("senum S { \"a\" }").contains("`senum` was removed"));
    let (_, d) = parse(FileId(0), "cpp_namespace a.b\nstruct S {}");
    assert!(d[0].message.contains("`cpp_namespace` was removed"));
    assert!(d[0].notes[0].contains("namespace cpp"));
    for word in [
        "java_package",
        "php_namespace",
        "py_module",
        "perl_package",
        "ruby_namespace",
        "smalltalk_category",
        "smalltalk_prefix",
        "xsd_namespace",
        "delphi_namespace",
    ] {
        assert!(err(&format!("{word} x")).contains("was removed"), "{word}");
    }
}

#[test]
fn syntax_errors_name_what_was_expected_and_found() {
    assert_eq!(
        err("struct S {\n  1:\n}"),
        "expected `required`, `optional` or a field type, found `}`"
    );
    assert_eq!(err("const i32 X 1"), "expected `=`, found `1`");
    assert!(err("struct S { 1: i32 a").contains("found end of file"));
}

#[test]
fn spans_cover_the_written_text_without_trailing_trivia() {
    let text = "struct S {\n  1: i32 a  // c\n}\n";
    let d = ok(text);
    let field = &struct_def(&d, 0).fields[0];
    assert_eq!(&text[field.span.range()], "1: i32 a");
    assert_eq!(&text[field.ty.span.range()], "i32");
    assert_eq!(&text[field.name.span.range()], "a");
    assert_eq!(
        &text[struct_def(&d, 0).span.range()],
        "struct S {\n  1: i32 a  // c\n}"
    );
}

#[test]
fn empty_and_header_only_files_parse() {
    assert!(ok("").definitions.is_empty());
    assert!(ok("// nothing\n").definitions.is_empty());
    assert_eq!(ok("namespace rs x").headers.len(), 1);
    let _ = only(&[1]);
}
