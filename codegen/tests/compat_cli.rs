//! `trift compat` as CI runs it: exit status 0 / 1 / 2, `--fail-on`,
//! `--allow`, `--format json`, and IDL that does not check.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../idl-parser/tests/data/compat")
        .join(name)
}

fn compat(args: &[&str], case_name: &str) -> Output {
    let dir = case(case_name);
    Command::new(env!("CARGO_BIN_EXE_trift"))
        .arg("compat")
        .args(args)
        .arg(dir.join("old.thrift"))
        .arg(dir.join("new.thrift"))
        .output()
        .expect("run trift")
}

fn status(output: &Output) -> i32 {
    output.status.code().expect("exit code")
}

#[test]
fn wire_breaks_fail_and_can_be_allowed() {
    let out = compat(&[], "field-type-changed");
    assert_eq!(status(&out), 1);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.starts_with("error[field-type-changed]: wire-breaking:"),
        "{text}"
    );
    assert!(text.contains("field-type-changed/old.thrift:3:3"), "{text}");
    assert!(text.contains("field-type-changed/new.thrift:3:3"), "{text}");
    assert!(
        text.contains("compat: 1 wire-breaking, 0 source-breaking, 0 safe"),
        "{text}"
    );

    let out = compat(
        &["--allow", "field-type-changed@Order.quantity"],
        "field-type-changed",
    );
    assert_eq!(status(&out), 0);
    let out = compat(
        &["--allow", "field-type-changed@Order.id"],
        "field-type-changed",
    );
    assert_eq!(status(&out), 1);
}

#[test]
fn fail_on_chooses_the_level() {
    assert_eq!(status(&compat(&[], "field-renamed")), 0);
    assert_eq!(
        status(&compat(&["--fail-on", "source"], "field-renamed")),
        1
    );
    assert_eq!(
        status(&compat(&["--fail-on", "source"], "optional-field-added")),
        0
    );
    assert_eq!(status(&compat(&["--fail-on", "wire"], "x-no-change")), 0);
}

#[test]
fn json_is_one_document() {
    let out = compat(&["--format", "json"], "enum-value-removed");
    assert_eq!(status(&out), 1);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["fails"], true);
    assert_eq!(json["findings"][0]["rule"], "enum-value-removed");
    assert_eq!(json["findings"][0]["subject"], "Color.BLUE");
}

#[test]
fn usage_errors_and_bad_idl_exit_2() {
    assert_eq!(
        status(&compat(&["--fail-on", "everything"], "x-no-change")),
        2
    );
    assert_eq!(
        status(&compat(&["--allow", "no-such-rule"], "x-no-change")),
        2
    );
    assert_eq!(status(&compat(&["--format", "xml"], "x-no-change")), 2);
    let missing = Command::new(env!("CARGO_BIN_EXE_trift"))
        .args(["compat", "does-not-exist.thrift"])
        .output()
        .expect("run trift");
    assert_eq!(status(&missing), 2);
    let dir = std::env::temp_dir().join(format!("trift-compat-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bad = dir.join("bad.thrift");
    std::fs::write(&bad, "struct A { 1: Nope x }\n").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_trift"))
        .arg("compat")
        .arg(&bad)
        .arg(case("x-no-change").join("new.thrift"))
        .output()
        .expect("run trift");
    assert_eq!(status(&out), 2);
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    assert!(stderr.contains("does not check"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}
