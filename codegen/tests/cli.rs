//! The `trift check` command line: exit codes, diagnostics on stderr, and the
//! JSON model dump.

use std::path::PathBuf;
use std::process::{Command, Output};

fn trift(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trift"))
        .args(args)
        .output()
        .expect("run trift")
}

fn idl(path: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../idl")
        .join(path)
        .display()
        .to_string()
}

fn temp_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("trift-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

#[test]
fn a_valid_file_exits_zero() {
    let out = trift(&["check", &idl("tutorial/calculator.thrift")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn errors_are_all_printed_with_location_and_snippet_and_exit_one() {
    let path = temp_file("bad.thrift", "struct S {\n  1: Nope a,\n  1: i32 b\n}\n");
    let out = trift(&["check", &path]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error: unknown type `Nope`"), "{stderr}");
    assert!(stderr.contains("bad.thrift:2:6"), "{stderr}");
    assert!(stderr.contains("1: Nope a,"), "{stderr}");
    assert!(
        stderr.contains("error: field id 1 is used twice"),
        "{stderr}"
    );
    assert!(stderr.contains("2 errors found"), "{stderr}");
}

#[test]
fn short_form_is_one_line_per_diagnostic_and_warnings_are_shown() {
    let path = temp_file("warn.thrift", "struct S {\n  i32 a\n}\n");
    let out = trift(&["check", "--short", &path]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr
            .trim_end()
            .ends_with("warn.thrift:2:7: warning: no field id for `a`"),
        "{stderr}"
    );
}

#[test]
fn include_dirs_are_searched() {
    let dir = std::env::temp_dir().join(format!("trift-cli-inc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("dep.thrift"), "struct D {}").expect("write");
    let path = temp_file(
        "uses_dep.thrift",
        "include \"dep.thrift\"\nstruct U { 1: dep.D d }",
    );
    assert_eq!(trift(&["check", &path]).status.code(), Some(1));
    let out = trift(&["check", "-I", &dir.display().to_string(), &path]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn dump_model_prints_json() {
    let out = trift(&["check", "--dump-model", &idl("tutorial/calculator.thrift")]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let files = json["files"].as_array().expect("files");
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["name"], "calculator");
    assert_eq!(files[0]["namespaces"][0]["scope"], "rs");
    let service = &files[0]["services"][0];
    assert_eq!(service["extends"]["name"], "SharedService");
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(trift(&["check"]).status.code(), Some(2));
    assert_eq!(trift(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        trift(&["check", "--no-such-flag", "x.thrift"])
            .status
            .code(),
        Some(2)
    );
}
