//! Loading several files: include search order, files parsed once, include
//! chains in errors, and references across includes.

use std::path::{Path, PathBuf};

use trift_idl::model::{NamedKind, Type};

/// A fresh directory under the system temp dir holding `files` (relative path, text).
fn tree(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let root = std::env::temp_dir().join(format!("trift-loader-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
    }
    root
}

fn errors(compilation: &trift_idl::Compilation) -> Vec<String> {
    compilation
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {:?}", d.display(&compilation.sources), d.notes))
        .collect()
}

#[test]
fn includes_resolve_next_to_the_file_first_then_in_include_dirs_in_order() {
    let root = tree(
        "order",
        &[
            (
                "main/main.thrift",
                "include \"shared.thrift\"\ninclude \"only_in_b.thrift\"\nstruct M { 1: shared.S s, 2: only_in_b.B b }",
            ),
            ("main/shared.thrift", "struct S { 1: i32 local }"),
            ("a/shared.thrift", "struct S { 1: i32 from_a }"),
            ("a/only_in_b.thrift", "struct Wrong {}"),
            ("b/only_in_b.thrift", "struct B {}"),
        ],
    );
    let dirs = [root.join("b"), root.join("a")];
    let compilation = trift_idl::load(&[root.join("main/main.thrift")], &dirs);
    assert!(
        errors(&compilation).is_empty(),
        "{:?}",
        errors(&compilation)
    );
    let model = compilation.model.expect("model");
    let shared = &model.files[model.files[0].includes[0].file.0 as usize];
    assert_eq!(shared.structs[0].fields[0].name, "local");
    let b = &model.files[model.files[0].includes[1].file.0 as usize];
    assert!(b.path.ends_with("b/only_in_b.thrift"), "{}", b.path);
}

#[test]
fn a_diamond_of_includes_parses_each_file_once() {
    let root = tree(
        "diamond",
        &[
            (
                "top.thrift",
                "include \"left.thrift\"\ninclude \"right.thrift\"\nstruct T { 1: left.L l, 2: right.R r }",
            ),
            (
                "left.thrift",
                "include \"base.thrift\"\nstruct L { 1: base.B b }",
            ),
            (
                "right.thrift",
                "include \"base.thrift\"\nstruct R { 1: base.B b }",
            ),
            ("base.thrift", "struct B {}\nservice Root { void ping() }"),
        ],
    );
    let compilation = trift_idl::load(&[root.join("top.thrift"), root.join("base.thrift")], &[]);
    assert!(
        errors(&compilation).is_empty(),
        "{:?}",
        errors(&compilation)
    );
    assert_eq!(compilation.sources.files().count(), 4);
    let model = compilation.model.expect("model");
    assert_eq!(model.roots.len(), 2);
    let l = &model.files[1];
    let Type::Named { def, target } = &l.structs[0].fields[0].ty.ty else {
        panic!()
    };
    assert_eq!(*def, NamedKind::Struct);
    assert_eq!(
        model.file(target.file).map(|f| f.name.as_str()),
        Some("base")
    );
}

#[test]
fn services_extend_across_includes() {
    let root = tree(
        "extends",
        &[
            (
                "svc.thrift",
                "include \"base.thrift\"\nservice Child extends base.Root { void more() }",
            ),
            ("base.thrift", "service Root { void ping() }"),
        ],
    );
    let compilation = trift_idl::load(&[root.join("svc.thrift")], &[]);
    let model = compilation.model.expect("model");
    let child = &model.files[0].services[0];
    let base = child.extends.as_ref().expect("extends");
    assert_eq!(model.find_service(base).map(|s| s.functions.len()), Some(1));
    let root = tree(
        "extends-clash",
        &[
            (
                "svc.thrift",
                "include \"base.thrift\"\nservice Child extends base.Root { void ping() }",
            ),
            ("base.thrift", "service Root { void ping() }"),
        ],
    );
    let compilation = trift_idl::load(&[root.join("svc.thrift")], &[]);
    assert!(errors(&compilation)[0].contains("base service `Root`"));
}

#[test]
fn a_missing_nested_include_shows_the_include_chain() {
    let root = tree(
        "chain",
        &[
            ("a.thrift", "include \"b.thrift\"\n"),
            ("b.thrift", "\ninclude \"c.thrift\"\n"),
            ("c.thrift", "include \"gone.thrift\"\n"),
        ],
    );
    let compilation = trift_idl::load(&[root.join("a.thrift")], &[]);
    let errors = errors(&compilation);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("c.thrift:1:1: error: cannot find included file `gone.thrift`"));
    assert!(errors[0].contains("included from"));
    assert!(errors[0].contains("b.thrift:2:1"), "{}", errors[0]);
    assert!(errors[0].contains("a.thrift:1:1"), "{}", errors[0]);
}

#[test]
fn include_cycles_are_errors_naming_the_cycle() {
    let root = tree(
        "cycle",
        &[
            ("a.thrift", "include \"b.thrift\"\n"),
            ("b.thrift", "include \"a.thrift\"\n"),
        ],
    );
    let compilation = trift_idl::load(&[root.join("a.thrift")], &[]);
    let errors = errors(&compilation);
    assert!(errors[0].contains("include cycle"), "{errors:?}");
    assert!(errors[0].contains("a.thrift -> "), "{errors:?}");
}

#[test]
fn missing_root_files_are_errors_without_location() {
    let compilation = trift_idl::load(&[Path::new("/nonexistent/x.thrift")], &[]);
    let errors = errors(&compilation);
    assert!(
        errors[0].starts_with("error: cannot read `/nonexistent/x.thrift`"),
        "{errors:?}"
    );
    assert!(compilation.model.is_none());
}

#[test]
fn warnings_do_not_block_the_model() {
    let root = tree("warn", &[("w.thrift", "struct S { i32 no_id }")]);
    let compilation = trift_idl::load(&[root.join("w.thrift")], &[]);
    assert!(!compilation.diagnostics.is_empty());
    assert!(compilation.model.is_some());
    assert!(
        compilation
            .model
            .expect("model")
            .to_json()
            .contains("\"no_id\"")
    );
}

#[test]
fn a_broken_included_file_causes_no_follow_on_errors() {
    let root = tree(
        "broken-include",
        &[
            (
                "main.thrift",
                "include \"broken.thrift\"\nstruct M { 1: broken.T t }\nconst i32 X = broken.C",
            ),
            ("broken.thrift", "struct T {\n  1: i32\n}\nconst i32 C = 1"),
        ],
    );
    let compilation = trift_idl::load(&[root.join("main.thrift")], &[]);
    let errors = errors(&compilation);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("broken.thrift:3:1: error: expected"),
        "{errors:?}"
    );
}
