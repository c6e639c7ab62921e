//! `src/generated/` is what `trift gen` writes for the IDL today (the same
//! check as `trift gen --check`, which `.ci/run` also runs).

use std::path::Path;

#[test]
fn committed_code_matches_the_idl() {
    // From the workspace root, as the README runs `trift gen`: the headers
    // name the IDL file by the path given. (This binary's only test.)
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::set_current_dir(root.join("../..")).unwrap();
    let generated = trift_codegen::configure()
        .generate(&["idl/tutorial/calculator.thrift"], &["idl/tutorial"])
        .expect("the tutorial IDL is valid");
    assert!(generated.files.len() >= 3, "{:?}", generated.files);
    for file in &generated.files {
        let committed = root.join("src/generated").join(&file.path);
        let on_disk = std::fs::read_to_string(&committed)
            .unwrap_or_else(|err| panic!("{}: {err}", committed.display()));
        assert!(
            on_disk == file.contents,
            "{} is stale: run `cargo run -p trift-codegen --features cli --bin trift -- gen -I idl/tutorial \
             --out examples/calculator-gen/src/generated idl/tutorial/calculator.thrift`",
            committed.display()
        );
    }
}
