//! Conformance with Apache Thrift's reference compiler (0.25.0): for every
//! `.thrift` file of the shared corpus, trift's accept/reject verdict must be
//! the one recorded in `EXPECTED-head-0.25.0.tsv`. Each file is checked the way
//! the reference was run: with the file's own directory as include directory.

use std::path::{Path, PathBuf};

/// The corpus lives in `../shared` next to the workspace (for worktrees one
/// level further up).
fn corpus_dir() -> Option<PathBuf> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    [
        workspace.join("../shared/idl-corpus/apache"),
        workspace.join("../../shared/idl-corpus/apache"),
    ]
    .into_iter()
    .find(|p| p.join("EXPECTED-head-0.25.0.tsv").is_file())
}

#[test]
fn verdicts_match_the_reference_compiler() {
    let Some(dir) = corpus_dir() else {
        trift_test_skip::skip("the shared IDL corpus (../shared/idl-corpus/apache) is missing");
        return;
    };
    let expected = std::fs::read_to_string(dir.join("EXPECTED-head-0.25.0.tsv"))
        .expect("read EXPECTED-head-0.25.0.tsv");
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for line in expected.lines().filter(|l| !l.trim().is_empty()) {
        let mut columns = line.split('\t');
        let (Some(file), Some(verdict)) = (columns.next(), columns.next()) else {
            panic!("malformed line in EXPECTED-head-0.25.0.tsv: {line:?}");
        };
        let path = dir.join(file);
        let include_dir = path.parent().expect("file has a directory").to_path_buf();
        let compilation = trift_idl::load(&[&path], &[include_dir]);
        let ours = if compilation.has_errors() {
            "reject"
        } else {
            "accept"
        };
        if ours != verdict {
            let first_error = compilation
                .diagnostics
                .iter()
                .find(|d| d.is_error())
                .map(|d| d.display(&compilation.sources).to_string())
                .unwrap_or_default();
            mismatches.push(format!(
                "{file}: reference {verdict}s, trift {ours}s {first_error}"
            ));
        }
        checked += 1;
    }
    assert_eq!(checked, 59, "the corpus lists 59 files");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn every_file_of_the_projects_own_corpus_is_accepted() {
    let idl = Path::new(env!("CARGO_MANIFEST_DIR")).join("../idl");
    let mut stack = vec![idl];
    let mut checked = 0;
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "thrift") {
                let compilation = trift_idl::load(&[&path], &[]);
                let errors: Vec<String> = compilation
                    .diagnostics
                    .iter()
                    .filter(|d| d.is_error())
                    .map(|d| d.display(&compilation.sources).to_string())
                    .collect();
                assert!(
                    errors.is_empty(),
                    "{}:\n{}",
                    path.display(),
                    errors.join("\n")
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 0, "idl/ holds no .thrift files");
}
