//! The Builder's options, diagnostics and module layout, tested through its
//! public surface on small IDL files (the `trift gen` command line is in
//! `gen_cli.rs`).

// Helpers outside `#[test]` functions unwrap too; clippy.toml only exempts the tests.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use trift_codegen::{Error, configure};

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn file<'a>(generated: &'a trift_codegen::Generated, name: &str) -> &'a str {
    generated
        .files
        .iter()
        .find(|f| f.path == Path::new(name))
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| {
            panic!(
                "no {name} in {:?}",
                generated.files.iter().map(|f| &f.path).collect::<Vec<_>>()
            )
        })
}

#[test]
fn attribute_syntax_is_checked_when_the_option_is_set() {
    let error = configure().type_attribute("a.B", "#[derive(").unwrap_err();
    assert!(matches!(error, Error::Option(_)), "{error}");
    let error = configure()
        .type_attribute("NoProgram", "#[derive(Hash)]")
        .unwrap_err();
    assert!(error.to_string().contains("program.Type"), "{error}");
    let error = configure().extern_type("a.B", "not a path!").unwrap_err();
    assert!(matches!(error, Error::Option(_)), "{error}");
}

#[test]
fn type_attributes_land_on_the_type_and_unknown_types_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "shop.thrift",
        "struct Item { 1: string name }\nenum Kind { A }\n",
    );
    let idl = [dir.path().join("shop.thrift")];
    let generated = configure()
        .type_attribute("shop.Item", "#[derive(PartialOrd)] #[must_use]")
        .unwrap()
        .generate(&idl, &[])
        .unwrap();
    let text = file(&generated, "shop.rs");
    assert!(
        text.contains("#[derive(PartialOrd)]\n#[must_use]\npub struct Item"),
        "{text}"
    );

    let error = configure()
        .type_attribute("shop.Missing", "#[must_use]")
        .unwrap()
        .generate(&idl, &[])
        .unwrap_err();
    assert!(
        error.to_string().contains("no type `shop.Missing`"),
        "{error}"
    );
}

#[test]
fn extern_types_replace_the_definition_and_its_uses() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "money.thrift",
        "struct Money { 1: i64 cents }\nstruct Price { 1: Money amount }\n",
    );
    let generated = configure()
        .extern_type("money.Money", "::bank::Money")
        .unwrap()
        .generate(&[dir.path().join("money.thrift")], &[])
        .unwrap();
    let text = file(&generated, "money.rs");
    assert!(!text.contains("pub struct Money"), "{text}");
    assert!(text.contains("pub amount: ::bank::Money"), "{text}");
}

#[test]
fn idl_errors_are_rendered_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.thrift", "struct A {\n  1: Nope x\n}\n");
    let error = configure()
        .generate(&[dir.path().join("bad.thrift")], &[])
        .unwrap_err();
    let text = error.to_string();
    assert!(text.contains("bad.thrift:2:6: error:"), "{text}");
    assert!(text.contains("1: Nope x"), "snippet missing: {text}");
    assert!(matches!(error, Error::Idl { errors: 1, .. }));
}

#[test]
fn same_named_files_become_distinct_modules_and_includes_resolve() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a/shared.thrift", "struct Item { 1: i32 a }\n");
    write(
        dir.path(),
        "b/shared.thrift",
        "struct Item { 1: string b }\n",
    );
    write(
        dir.path(),
        "app/main.thrift",
        "include \"../a/shared.thrift\"\nstruct Uses { 1: shared.Item item }\n",
    );
    write(
        dir.path(),
        "app/other.thrift",
        "include \"../b/shared.thrift\"\nstruct Uses { 1: shared.Item item }\n",
    );
    let generated = configure()
        .generate(
            &[
                dir.path().join("app/main.thrift"),
                dir.path().join("app/other.thrift"),
            ],
            &[],
        )
        .unwrap();
    assert!(file(&generated, "main.rs").contains("pub item: super::a_shared::Item"));
    assert!(file(&generated, "other.rs").contains("pub item: super::b_shared::Item"));
    let inputs = generated.inputs.len();
    assert_eq!(inputs, 4, "{:?}", generated.inputs);
    let module_file = file(&generated, "mod.rs");
    assert!(module_file.contains("pub mod a_shared {"), "{module_file}");
    assert!(
        module_file.contains("include!(\"b_shared.rs\");"),
        "{module_file}"
    );
}

#[test]
fn names_that_collide_in_rust_get_a_stable_suffix_and_keep_their_wire_names() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "edge.thrift",
        "struct TheEdgeCase {\n 1: bool theEdgeCase\n 2: bool the_edge_case\n 3: bool self\n 4: bool type\n}\n",
    );
    let generated = configure()
        .generate(&[dir.path().join("edge.thrift")], &[])
        .unwrap();
    let text = file(&generated, "edge.rs");
    for expected in [
        "pub the_edge_case: bool",
        "pub the_edge_case_: bool",
        "pub self_: bool",
        "pub r#type: bool",
        "write_field_begin(\"the_edge_case\", __codegen::TType::Bool, 2)",
        "write_field_begin(\"self\", __codegen::TType::Bool, 3)",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in {text}");
    }
}

const SERVICES: &str = "exception Oops { 1: string why }
service Calc { i32 add(1: i32 a) throws (1: Oops oops), oneway void zip() }
service Sci extends Calc { double root(1: double x) }
";

/// Client, server and shared items, and whether each side's items are in `text`.
fn sides(text: &str) -> (bool, bool, bool) {
    let client = ["pub struct CalcClient", "pub struct SciClient"];
    let server = [
        "pub trait Calc:",
        "pub struct CalcServer",
        "pub trait Sci:",
        "pub struct SciServer",
    ];
    let shared = [
        "pub struct CalcAddArgs",
        "pub struct CalcAddResult",
        "pub enum CalcAddError",
        "pub struct CalcZipArgs",
        "pub struct SciRootArgs",
    ];
    let all = |items: &[&str]| {
        let found = items.iter().filter(|item| text.contains(*item)).count();
        assert!(
            found == 0 || found == items.len(),
            "some of {items:?} in {text}"
        );
        found == items.len()
    };
    (all(&client), all(&server), all(&shared))
}

#[test]
fn build_client_and_build_server_leave_out_one_side_of_every_service() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "calc.thrift", SERVICES);
    let idl = [dir.path().join("calc.thrift")];
    let generate = |client: bool, server: bool| {
        let generated = configure()
            .build_client(client)
            .build_server(server)
            .generate(&idl, &[])
            .unwrap();
        let text = file(&generated, "calc.rs").to_owned();
        assert!(text.contains("pub struct Oops"), "{text}");
        sides(&text)
    };
    assert_eq!(generate(true, true), (true, true, true));
    assert_eq!(generate(true, false), (true, false, true));
    assert_eq!(generate(false, true), (false, true, true));
    assert_eq!(generate(false, false), (false, false, false));
    // The default is both sides.
    let generated = configure().generate(&idl, &[]).unwrap();
    assert_eq!(sides(file(&generated, "calc.rs")), (true, true, true));
}
