//! Snapshots of the generated Rust for a representative set of `idl/` files
//! (review changes with `cargo insta review`).

use trift_codegen::configure;

fn snapshot(file: &str) {
    let generated = configure()
        .generate(&[format!("../idl/{file}")], &["../idl".to_owned()])
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    for output in &generated.files {
        let name = format!("{file}__{}", output.path.display()).replace('/', "__");
        insta::assert_snapshot!(name, output.contents);
    }
}

#[test]
fn tutorial_with_an_include() {
    snapshot("tutorial/calculator.thrift");
}

#[test]
fn structs_unions_exceptions_and_recursion() {
    snapshot("everything/structs.thrift");
}

#[test]
fn enums() {
    snapshot("everything/enums.thrift");
}

#[test]
fn consts_of_every_kind() {
    snapshot("everything/consts.thrift");
}

#[test]
fn typedefs() {
    snapshot("everything/typedefs.thrift");
}

#[test]
fn same_named_files_in_two_folders() {
    let generated = configure()
        .generate(
            &["../idl/uses_a_shared.thrift", "../idl/uses_b_shared.thrift"],
            &[],
        )
        .expect("generate");
    for output in &generated.files {
        let name = format!("uses_both_shared__{}", output.path.display());
        insta::assert_snapshot!(name, output.contents);
    }
}

#[test]
fn uuid_and_keyword_names() {
    snapshot("modern/uuid.thrift");
    snapshot("modern/keyword_field_names.thrift");
}

#[test]
fn alltypes_and_evolution() {
    snapshot("alltypes.thrift");
    snapshot("evolution/v2.thrift");
}

#[test]
fn services_with_exceptions_oneway_void_and_extends() {
    snapshot("rpc_test.thrift");
}

#[test]
fn service_names_that_collide() {
    snapshot("rpc_names.thrift");
}
