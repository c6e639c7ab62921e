//! Replays every input committed under `tests/fuzz-regressions/idl_parser/`
//! through the oracle the `idl_parser` cargo-fuzz target runs (`fuzz/`), so
//! CI checks found inputs without cargo-fuzz or a nightly toolchain. A
//! missing or empty directory fails the test: it would otherwise pass
//! vacuously.

#![allow(clippy::unwrap_used)]

#[allow(unreachable_pub)]
#[path = "fuzz_support/idl.rs"]
mod idl;

use std::path::Path;
use std::time::{Duration, Instant};

/// Far above what an input of a few KiB takes even in a debug build; only a
/// hang or an accidentally quadratic path gets near it.
const TIME_BOUND: Duration = Duration::from_secs(10);

#[test]
fn idl_parser_regressions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions/idl_parser");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    inputs.sort();
    assert!(
        !inputs.is_empty(),
        "no regression inputs in {}",
        dir.display()
    );
    for path in inputs {
        let data = std::fs::read(&path).unwrap();
        eprintln!("replaying {} ({} bytes)", path.display(), data.len());
        let started = Instant::now();
        idl::check_idl(&data);
        let elapsed = started.elapsed();
        assert!(elapsed < TIME_BOUND, "{} took {elapsed:?}", path.display());
    }
}
