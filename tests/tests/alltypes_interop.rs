//! Interop of generated types with Apache's Python library: values written by
//! Python stubs (`thrift --gen py`, Debian 0.17) with binary, compact and JSON
//! decode to the values trift's generated code builds, and re-encode byte for
//! byte; values trift writes decode in Python to Python's values.

use std::path::Path;

use trift::Bytes;
use trift_rpc_tests::python;
use trift_tests::generated::trift::alltypes::{
    AllTypes, Color, Containers, Node, Point, Scalars, Shape,
};
use trift_tests::protocols::Protocol;

fn scalars() -> Scalars {
    Scalars {
        flag: false,
        tiny: -128,
        small: 32767,
        medium: -2_147_483_648,
        large: i64::MIN,
        ratio: -0.001,
        text: "tëxt ☃ \"q\"\n".to_owned(),
        blob: Bytes::from_static(b"\x00\x01\xfe\xff"),
        color: Color::BLUE,
        at: 1_700_000_000_123,
    }
}

fn point(x: i32, y: i32) -> Point {
    Point { x, y }
}

fn canonical() -> AllTypes {
    AllTypes {
        id: 42,
        scalars: scalars(),
        containers: Containers {
            ids: vec![1, -2, 3_000_000_000],
            names: ["only".to_owned()].into(),
            counts: [("one".to_owned(), 1)].into(),
            matrix: vec![vec![1, 2], vec![], vec![3]],
            by_color: [(Color::RED, vec![point(1, 2), point(-3, 4)])].into(),
            colors: [Color::GREEN].into(),
            nested_maps: [(7, [("pi".to_owned(), 3.25)].into())].into(),
            shapes: vec![
                Shape::Dot(point(0, 0)),
                Shape::Polygon(vec![point(1, 1)]),
                Shape::Radius(2.5),
                Shape::Label("l".to_owned()),
                Shape::Unknown,
            ],
            tags: vec!["a".to_owned(), "b".to_owned()],
            blobs: vec![Bytes::new(), Bytes::from_static(b"xyz")],
            points: [("origin".to_owned(), point(0, 0))].into(),
            id_set: [99].into(),
        },
        note: Some("a note".to_owned()),
        shape: Some(Shape::Radius(1.0)),
        tree: Node {
            name: "root".to_owned(),
            children: vec![Node {
                name: "leaf".to_owned(),
                children: vec![],
                next: None,
            }],
            next: Some(Box::new(Node {
                name: "next".to_owned(),
                children: vec![],
                next: None,
            })),
        },
        history: Some(vec![Color::RED, Color::GREEN]),
        name: "all".to_owned(),
    }
}

fn rich() -> AllTypes {
    let mut value = canonical();
    value.note = None;
    value.shape = None;
    value.history = None;
    let c = &mut value.containers;
    c.names = ["a", "b", "c", "d"].map(str::to_owned).into();
    c.counts = [("one", 1), ("two", 2), ("three", 3)]
        .map(|(k, v)| (k.to_owned(), v))
        .into();
    // Color(3) and Color(8) are values this IDL does not name.
    c.by_color = [
        (Color::RED, vec![]),
        (Color::BLUE, vec![point(5, 6)]),
        (Color(3), vec![]),
    ]
    .into();
    c.colors = [Color::RED, Color::GREEN, Color::BLUE, Color(8)].into();
    c.nested_maps = [
        (1, [("a".to_owned(), 1.5), ("b".to_owned(), -0.0)].into()),
        (2, [].into()),
    ]
    .into();
    c.points = [("a".to_owned(), point(1, 1)), ("b".to_owned(), point(2, 2))].into();
    c.id_set = (-5..20).collect();
    value.scalars.color = Color(99);
    value
}

#[test]
fn alltypes_round_trip_with_apache_python() {
    if !python::tools_available() {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = tempfile::tempdir().expect("temp dir");
    let stubs = dir.path().join("py");
    std::fs::create_dir_all(&stubs).expect("stub dir");
    python::generate_python(&root.join("idl/alltypes.thrift"), &stubs);
    let script = root.join("tests/interop/alltypes.py");
    python::run_python(&script, &[&stubs, Path::new("write"), dir.path()]);

    for protocol in Protocol::ALL {
        let name = protocol.name();
        let read = |file: &str| std::fs::read(dir.path().join(file)).expect("python output");

        let python_canonical = read(&format!("canonical.{name}"));
        let decoded: AllTypes = protocol
            .decode(&python_canonical)
            .expect("decode canonical");
        assert_eq!(decoded, canonical(), "{name}: Python's canonical value");
        let reencoded = protocol.encode(&decoded).expect("encode");
        assert_eq!(
            reencoded, python_canonical,
            "{name}: re-encoding differs from Python's bytes"
        );

        let decoded: AllTypes = protocol
            .decode(&read(&format!("rich.{name}")))
            .expect("decode rich");
        assert_eq!(decoded, rich(), "{name}: Python's rich value");

        for (file, value) in [("rust_canonical", canonical()), ("rust_rich", rich())] {
            let bytes = protocol.encode(&value).expect("encode");
            std::fs::write(dir.path().join(format!("{file}.{name}")), bytes).expect("write");
        }
    }
    python::run_python(&script, &[&stubs, Path::new("check"), dir.path()]);
}

#[test]
fn exceptions_are_errors_with_their_idl_defaults() {
    use trift_tests::generated::trift::alltypes::Failure;
    let failure = Failure {
        message: "disk full".to_owned(),
        ..Failure::default()
    };
    assert_eq!(failure.code, 500);
    let error: Box<dyn std::error::Error> = Box::new(failure);
    assert_eq!(
        error.to_string(),
        "Failure { message: \"disk full\", code: 500 }"
    );
}
