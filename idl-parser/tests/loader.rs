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

/// Asserts that `compilation` has no diagnostic at all.
fn assert_silent(compilation: &trift_idl::Compilation) {
    let all: Vec<String> = compilation
        .diagnostics
        .iter()
        .map(|d| d.display(&compilation.sources).to_string())
        .collect();
    assert!(all.is_empty(), "{all:?}");
}

/// The path of the file a resolved reference points into.
fn path_of(model: &trift_idl::model::Model, file: trift_idl::FileId) -> &str {
    &model.files[file.0 as usize].path
}

#[test]
fn same_named_includes_share_a_prefix_and_the_model_names_the_real_file() {
    let root = tree(
        "same-name",
        &[
            (
                "main.thrift",
                "include \"a/shared.thrift\"\ninclude \"b/shared.thrift\"\n\
                 struct M {\n  1: shared.OnlyA a\n  2: shared.OnlyB b\n  3: shared.Both both\n  \
                 4: shared.Mode mode = shared.Mode.ON\n  5: i32 limit = shared.LIMIT\n}\n\
                 service S extends shared.BaseA {\n  void f() throws (1: shared.Oops oops)\n}\n",
            ),
            (
                "a/shared.thrift",
                "struct OnlyA {}\nstruct Both { 1: i32 from_a }\nenum Mode { ON = 7 }\n\
                 service BaseA { void ping() }\n",
            ),
            (
                "b/shared.thrift",
                "struct OnlyB {}\nstruct Both { 1: string from_b }\nconst i32 LIMIT = 9\n\
                 exception Oops {}\n",
            ),
        ],
    );
    let compilation = trift_idl::load(&[root.join("main.thrift")], &[]);
    assert!(
        errors(&compilation).is_empty(),
        "{:?}",
        errors(&compilation)
    );
    // `shared.Both` is in both files: the include written last wins, with a warning.
    let warnings: Vec<&str> = compilation
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        warnings,
        ["`shared.Both` is defined in two files included as `shared`"]
    );
    let model = compilation.model.expect("model");
    let main = &model.files[0];
    let target_file = |i: usize| match &main.structs[0].fields[i].ty.ty {
        Type::Named { target, .. } => path_of(&model, target.file).to_owned(),
        other => panic!("not a named type: {other:?}"),
    };
    assert!(target_file(0).ends_with("a/shared.thrift"));
    assert!(target_file(1).ends_with("b/shared.thrift"));
    assert!(target_file(2).ends_with("b/shared.thrift"));
    assert!(target_file(3).ends_with("a/shared.thrift"));
    let default = main.structs[0].fields[3].default.as_ref().expect("default");
    let trift_idl::model::ConstValue::Enum { target, value, .. } = default else {
        panic!("not an enum value: {default:?}");
    };
    assert!(path_of(&model, target.file).ends_with("a/shared.thrift"));
    assert_eq!(*value, 7);
    assert_eq!(
        main.structs[0].fields[4].default,
        Some(trift_idl::model::ConstValue::Int(9))
    );
    let service = &main.services[0];
    let base = service.extends.as_ref().expect("extends");
    assert!(path_of(&model, base.file).ends_with("a/shared.thrift"));
    let Type::Named { target, .. } = &service.functions[0].throws[0].ty.ty else {
        panic!("throws entry is not a named type");
    };
    assert!(path_of(&model, target.file).ends_with("b/shared.thrift"));
    assert_eq!(main.includes.len(), 2);
    assert!(main.includes.iter().all(|i| i.name == "shared"));
}

#[test]
fn same_named_includes_may_not_both_define_a_constant_or_enum_value() {
    let root = tree(
        "same-name-consts",
        &[
            (
                "main.thrift",
                "include \"a/shared.thrift\"\ninclude \"b/shared.thrift\"\n",
            ),
            ("a/shared.thrift", "const i32 LIMIT = 1\nenum Mode { ON }\n"),
            (
                "b/shared.thrift",
                "const i32 LIMIT = 2\nenum Mode { ON, OFF }\n",
            ),
        ],
    );
    let compilation = trift_idl::load(&[root.join("main.thrift")], &[]);
    let found = errors(&compilation);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].contains("main.thrift:2:1: error: constant `shared.LIMIT`"));
    assert!(found[1].contains("enum value `shared.Mode.ON`"));
}

#[test]
fn a_type_may_not_reuse_the_name_of_an_included_type_in_the_same_namespaces() {
    let verdict = |main: &str, included: &str| {
        let root = tree(
            "clash",
            &[
                ("main.thrift", main),
                ("inc.thrift", &format!("{included}\nstruct Item {{}}\n")),
            ],
        );
        let compilation = trift_idl::load(&[root.join("main.thrift")], &[]);
        let warnings = compilation
            .diagnostics
            .iter()
            .filter(|d| !d.is_error())
            .count();
        (compilation.has_errors(), warnings)
    };
    let main =
        |namespaces: &str| format!("{namespaces}\ninclude \"inc.thrift\"\nstruct Item {{}}\n");
    // No namespaces at all, or every namespace the same: Apache's "already defined".
    assert_eq!(verdict(&main(""), ""), (true, 0));
    assert_eq!(
        verdict(&main("namespace py a"), "namespace py a"),
        (true, 0)
    );
    assert_eq!(verdict(&main("namespace * a"), "namespace * a"), (true, 0));
    // Only some namespaces the same: a warning.
    assert_eq!(
        verdict(&main("namespace py a\nnamespace java b"), "namespace py a"),
        (false, 1)
    );
    assert_eq!(
        verdict(&main("namespace py a"), "namespace * a"),
        (false, 1)
    );
    // Different or one-sided namespaces: nothing.
    assert_eq!(
        verdict(&main("namespace py b"), "namespace py a"),
        (false, 0)
    );
    assert_eq!(verdict(&main(""), "namespace py a"), (false, 0));
    // Only direct includes count, and constants are another namespace.
    let root = tree(
        "clash-transitive",
        &[
            (
                "main.thrift",
                "include \"mid.thrift\"\nstruct Item {}\nconst i32 Thing = 1\n",
            ),
            ("mid.thrift", "include \"leaf.thrift\"\nstruct Thing {}\n"),
            ("leaf.thrift", "struct Item {}\n"),
        ],
    );
    assert_silent(&trift_idl::load(&[root.join("main.thrift")], &[]));
}

#[test]
fn a_file_included_twice_is_an_error_only_when_it_defines_constants() {
    let root = tree(
        "twice",
        &[
            (
                "types.thrift",
                "include \"inc.thrift\"\ninclude \"inc.thrift\"\nstruct M { 1: inc.T t }\n",
            ),
            (
                "consts.thrift",
                "include \"inc_c.thrift\"\ninclude \"inc_c.thrift\"\n",
            ),
            ("inc.thrift", "struct T {}\n"),
            ("inc_c.thrift", "enum E { A }\n"),
        ],
    );
    assert_silent(&trift_idl::load(&[root.join("types.thrift")], &[]));
    let compilation = trift_idl::load(&[root.join("consts.thrift")], &[]);
    let found = errors(&compilation);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("consts.thrift:2:1: error: `inc_c.thrift` is included twice"));
}
