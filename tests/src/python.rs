//! Finding the Apache tools the interop tests run: Debian's `thrift`
//! compiler and Python with PyPI's `thrift` package.
//!
//! When a tool is missing the tests cannot say anything: in CI that is a
//! failure (CI must have the tools), otherwise the test is skipped and listed
//! as skipped at the end of `tests/run.sh` (see `trift-test-skip`).

use std::path::Path;
use std::process::Command;

/// Whether the interop tools are present. When one is missing the test is
/// skipped with [`trift_test_skip::skip`]: a failure in CI; elsewhere the
/// reason is printed and recorded, and this returns `false`.
pub fn tools_available() -> bool {
    let missing = if Command::new("thrift").arg("--version").output().is_err() {
        Some("the `thrift` compiler is not on PATH (Debian: apt-get install thrift-compiler)")
    } else if !Command::new("python3")
        .args(["-c", "import thrift"])
        .output()
        .is_ok_and(|o| o.status.success())
    {
        Some("python3 with the `thrift` package is missing (pip install thrift)")
    } else {
        None
    };
    match missing {
        None => true,
        Some(reason) => {
            trift_test_skip::skip(reason);
            false
        }
    }
}

/// Runs `thrift --gen py -out <out> <idl>`; panics with the compiler's output
/// when it fails.
pub fn generate_python(idl: &Path, out: &Path) {
    let output = Command::new("thrift")
        .args(["--gen", "py", "-out"])
        .arg(out)
        .arg(idl)
        .output()
        .expect("run thrift");
    assert!(
        output.status.success(),
        "thrift --gen py {} failed:\n{}",
        idl.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs `python3 <script> <args>`; panics with its output when it fails.
pub fn run_python(script: &Path, args: &[&Path]) {
    let output = Command::new("python3")
        .arg(script)
        .args(args)
        .output()
        .expect("run python3");
    assert!(
        output.status.success(),
        "python3 {} failed:\n{}{}",
        script.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
