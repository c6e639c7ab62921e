//! Snapshot tests of the rendered diagnostics: one case per file in
//! `tests/data/err/`, each expected to fail; every file in `tests/data/ok/`
//! must be accepted.

use std::path::Path;

use trift_idl::render::render_all;

fn data_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data"))
}

/// Renders every diagnostic without colours, with paths relative to the data
/// directory so snapshots do not depend on where the repository lives.
fn check(path: &Path) -> (bool, String) {
    let mut compilation = trift_idl::load(&[path.to_path_buf()], &[]);
    compilation.sources.rename(|p| {
        p.strip_prefix(data_dir())
            .unwrap_or(p)
            .display()
            .to_string()
    });
    // Notes may name absolute paths (include search paths, cycles).
    let prefix = format!("{}/", data_dir().display());
    let rendered = render_all(&compilation.diagnostics, &compilation.sources).replace(&prefix, "");
    (compilation.has_errors(), rendered)
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
