//! Replays every input committed under `tests/fuzz-regressions/<target>/`
//! through the same oracles the cargo-fuzz targets run (`fuzz/`), so CI checks
//! found inputs without cargo-fuzz or a nightly toolchain. A target directory
//! that is missing or empty fails the test: it would otherwise pass vacuously.

#[allow(dead_code, unreachable_pub)]
#[path = "fuzz_support/realistic.rs"]
mod realistic;

#[allow(dead_code, unreachable_pub)]
#[path = "support/value.rs"]
mod value;

#[allow(dead_code, unreachable_pub)]
#[path = "fuzz_support/oracle.rs"]
mod oracle;

#[allow(dead_code, unreachable_pub)]
#[path = "fuzz_support/protocols.rs"]
mod protocols;

#[allow(dead_code, unreachable_pub)]
#[path = "fuzz_support/wire.rs"]
mod wire;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use oracle::check_all;
use protocols::{Binary, Compact, Json};

/// Far above what any input of a few KiB should take even in a debug build;
/// only a hang or an accidentally quadratic path gets near it.
const TIME_BOUND: Duration = Duration::from_secs(10);

fn inputs_of(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target);
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()));
    let mut inputs: Vec<PathBuf> = entries
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.is_file())
        .collect();
    inputs.sort();
    assert!(
        !inputs.is_empty(),
        "no regression inputs in {}",
        dir.display()
    );
    inputs
}

fn replay(target: &str, check: fn(&[u8])) {
    for path in inputs_of(target) {
        let data = std::fs::read(&path).expect("readable regression input");
        eprintln!("replaying {} ({} bytes)", path.display(), data.len());
        let started = Instant::now();
        check(&data);
        let elapsed = started.elapsed();
        assert!(elapsed < TIME_BOUND, "{} took {elapsed:?}", path.display());
    }
}

#[test]
fn binary_reader_regressions() {
    replay("binary_reader", check_all::<Binary>);
}

#[test]
fn compact_reader_regressions() {
    replay("compact_reader", check_all::<Compact>);
}

#[test]
fn json_reader_regressions() {
    replay("json_reader", check_all::<Json>);
}

/// Whether `path` is a seed (recorded from trift's own client and server,
/// `fuzz/examples/write_seeds`) rather than an input a fuzzer found.
fn is_seed(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.starts_with("seed-"))
}

#[test]
fn server_front_regressions() {
    for path in inputs_of("server_front") {
        let data = std::fs::read(&path).expect("readable regression input");
        let answered = wire::check_server_front(&data);
        // A recorded call (not a lone oneway) is answered.
        assert!(
            !is_seed(&path) || answered > 0,
            "{}: the server answered nothing",
            path.display()
        );
    }
}

#[test]
fn client_reply_regressions() {
    for path in inputs_of("client_reply") {
        let data = std::fs::read(&path).expect("readable regression input");
        let succeeded = wire::check_client_reply(&data);
        assert!(
            !is_seed(&path) || succeeded,
            "{}: trift's client did not read trift's server's reply",
            path.display()
        );
    }
}
