//! Skipping a test whose peer is missing, visibly.
//!
//! Some tests need something outside the workspace: Apache's `thrift`
//! compiler, PyPI's `thrift` package, the shared IDL corpus. Without it such a
//! test cannot say anything, and cargo would still report it as `ok`. A test
//! calls [`skip`] and returns instead:
//!
//! - in CI (the `CI` environment variable set to anything but empty, `0` or
//!   `false`) a missing peer is a failure, so [`skip`] panics;
//! - elsewhere it prints `SKIPPED <test>: <reason>` and appends that line to
//!   the skip log, which `tests/run.sh` empties before the run and prints at
//!   its end.
//!
//! The skip log is the file named by `TRIFT_SKIP_LOG`, else
//! `trift-skipped.txt` in the target directory of the running test binary.

use std::fs::OpenOptions;
use std::io::Write as _;
use std::path::PathBuf;

/// The environment variable naming the skip log.
pub const LOG_VAR: &str = "TRIFT_SKIP_LOG";

/// Whether this is a CI run: `CI` is set to anything but empty, `0` or `false`.
pub fn in_ci() -> bool {
    means_ci(std::env::var("CI").ok().as_deref())
}

/// Whether a value of `CI` (`None`: unset) means a CI run.
fn means_ci(value: Option<&str>) -> bool {
    value.is_some_and(|value| !matches!(value.trim(), "" | "0" | "false"))
}

/// Skips the calling test because `reason` (what is missing, and how to get
/// it). Panics in CI; otherwise prints the marker line and records it in the
/// skip log. The caller returns right after.
#[track_caller]
pub fn skip(reason: &str) {
    let test = test_name();
    assert!(
        !in_ci(),
        "{test}: CI is set, so this may not skip: {reason}"
    );
    let line = format!("SKIPPED {test}: {reason}");
    eprintln!("{line}");
    if let Some(log) = log_path() {
        let written = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            // One write per line, so lines from parallel tests do not interleave.
            .and_then(|mut file| file.write_all(format!("{line}\n").as_bytes()));
        if let Err(error) = written {
            eprintln!("could not record the skip in {}: {error}", log.display());
        }
    }
}

/// `binary::test`: the test binary's name without cargo's hash, then the
/// test's name, which the test harness gives the thread running it.
fn test_name() -> String {
    let binary = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .map(|stem| strip_hash(&stem).to_owned())
        .unwrap_or_else(|| "unknown".to_owned());
    match std::thread::current().name() {
        Some(name) if name != "main" => format!("{binary}::{name}"),
        _ => binary,
    }
}

/// `alltypes_interop-0123abcd` -> `alltypes_interop`.
fn strip_hash(stem: &str) -> &str {
    match stem.rsplit_once('-') {
        Some((name, hash)) if !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_hexdigit()) => {
            name
        }
        _ => stem,
    }
}

/// `TRIFT_SKIP_LOG`, else `<target>/trift-skipped.txt` for a binary in
/// `<target>/<profile>/deps/`.
fn log_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(LOG_VAR) {
        return Some(PathBuf::from(path));
    }
    let exe = std::env::current_exe().ok()?;
    let deps = exe.ancestors().find(|dir| dir.ends_with("deps"))?;
    Some(deps.parent()?.parent()?.join("trift-skipped.txt"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ci_is_any_value_but_empty_zero_or_false() {
        assert!(means_ci(Some("true")));
        assert!(means_ci(Some("1")));
        assert!(!means_ci(None));
        assert!(!means_ci(Some("")));
        assert!(!means_ci(Some("0")));
        assert!(!means_ci(Some("false")));
    }

    #[test]
    fn cargo_hashes_are_stripped_from_binary_names() {
        assert_eq!(
            strip_hash("alltypes_interop-0123abcdef"),
            "alltypes_interop"
        );
        assert_eq!(strip_hash("python-interop"), "python-interop");
        assert_eq!(strip_hash("conformance"), "conformance");
    }

    #[test]
    fn the_test_name_is_the_binary_and_the_harness_thread() {
        let name = test_name();
        assert!(
            name.ends_with("::tests::the_test_name_is_the_binary_and_the_harness_thread"),
            "{name}"
        );
        assert!(name.starts_with("trift_test_skip"), "{name}");
    }
}
