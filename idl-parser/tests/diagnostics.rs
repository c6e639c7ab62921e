//! Snapshot tests of the rendered diagnostics: one case per file in
//! `tests/data/err/` (each must fail) and `tests/data/warn/` (each must be
//! accepted with a warning); every file in `tests/data/ok/` must be accepted.

use std::path::Path;

use trift_idl::render::render_all;

fn data_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data"))
}

/// Renders every diagnostic without colours, with paths relative to the data
/// directory so snapshots do not depend on where the repository lives.
fn check(path: &Path) -> (bool, String) {
    let (failed, rendered, _) = check_counting(path);
    (failed, rendered)
}

/// Like [`check`], also counting the warnings.
fn check_counting(path: &Path) -> (bool, String, usize) {
    let mut compilation = trift_idl::load(&[path], &[]);
    compilation.sources.rename(|p| {
        p.strip_prefix(data_dir())
            .unwrap_or(p)
            .display()
            .to_string()
    });
    // Notes may name absolute paths (include search paths, cycles).
    let prefix = format!("{}/", data_dir().display());
    let rendered = render_all(&compilation.diagnostics, &compilation.sources).replace(&prefix, "");
    let warnings = compilation
        .diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .count();
    (compilation.has_errors(), rendered, warnings)
}

#[test]
fn every_err_fixture_fails_with_a_readable_diagnostic() {
    insta::glob!("data/err/*.thrift", |path| {
        let (failed, rendered) = check(path);
        assert!(failed, "{} was accepted:\n{rendered}", path.display());
        insta::assert_snapshot!(rendered);
    });
}

#[test]
fn every_warn_fixture_is_accepted_with_a_warning() {
    insta::glob!("data/warn/*.thrift", |path| {
        let (failed, rendered, warnings) = check_counting(path);
        assert!(!failed, "{} was rejected:\n{rendered}", path.display());
        assert!(warnings > 0, "{} gave no warning", path.display());
        insta::assert_snapshot!(rendered);
    });
}

#[test]
fn every_ok_fixture_is_accepted() {
    let dir = data_dir().join("ok");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut checked = 0;
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.extension().is_none_or(|e| e != "thrift") {
            continue;
        }
        let (failed, rendered) = check(&path);
        assert!(!failed, "{} was rejected:\n{rendered}", path.display());
        checked += 1;
    }
    assert!(checked > 0 || !dir.exists());
}
