//! The `trift gen` command line: it writes only files whose content changed,
//! `--check` detects stale output, and IDL errors are reported as the Builder
//! reports them; `--no-client` and `--no-server` leave out one side.

// Helpers outside `#[test]` functions unwrap too; clippy.toml only exempts the tests.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn trift() -> Command {
    Command::new(env!("CARGO_BIN_EXE_trift"))
}

#[test]
fn trift_gen_writes_changed_files_only_and_check_detects_stale_output() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "idl/x.thrift", "struct X { 1: i32 a }\n");
    let out = dir.path().join("out");
    let idl = dir.path().join("idl/x.thrift");
    let run = |extra: &[&str]| {
        trift()
            .arg("gen")
            .args(extra)
            .arg("--out")
            .arg(&out)
            .arg(&idl)
            .output()
            .unwrap()
    };
    assert!(
        run(&["--check"]).status.code() == Some(1),
        "missing output is stale"
    );
    assert!(run(&[]).status.success());
    assert!(out.join("mod.rs").is_file() && out.join("x.rs").is_file());
    let modified = std::fs::metadata(out.join("x.rs"))
        .unwrap()
        .modified()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert!(run(&[]).status.success());
    assert_eq!(
        std::fs::metadata(out.join("x.rs"))
            .unwrap()
            .modified()
            .unwrap(),
        modified
    );
    assert!(run(&["--check"]).status.success());

    write(
        dir.path(),
        "idl/x.thrift",
        "struct X { 1: i32 a\n 2: i32 b }\n",
    );
    let stale = run(&["--check"]);
    assert_eq!(stale.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&stale.stderr).contains("x.rs"));
}

#[test]
fn trift_gen_reports_errors_like_the_builder() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.thrift", "struct A {\n  1: Nope x\n}\n");
    let output = trift()
        .args(["gen", "--out"])
        .arg(dir.path().join("out"))
        .arg(dir.path().join("bad.thrift"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("bad.thrift:2:6: error:"), "{stderr}");
}

#[test]
fn trift_gen_no_client_and_no_server_leave_out_one_side() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "calc.thrift",
        "service Calc { i32 add(1: i32 a) }\n",
    );
    let run = |flag: &str, out: &str| {
        let status = trift()
            .args(["gen", flag, "--out"])
            .arg(dir.path().join(out))
            .arg(dir.path().join("calc.thrift"))
            .status()
            .unwrap();
        assert!(status.success(), "trift gen {flag}");
        std::fs::read_to_string(dir.path().join(out).join("calc.rs")).unwrap()
    };
    let servers = run("--no-client", "servers");
    assert!(!servers.contains("pub struct CalcClient"), "{servers}");
    assert!(servers.contains("pub struct CalcServer"), "{servers}");
    assert!(servers.contains("pub struct CalcAddArgs"), "{servers}");
    let clients = run("--no-server", "clients");
    assert!(clients.contains("pub struct CalcClient"), "{clients}");
    assert!(!clients.contains("pub struct CalcServer"), "{clients}");
    assert!(clients.contains("pub struct CalcAddArgs"), "{clients}");
}
