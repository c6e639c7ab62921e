//! Parser throughput: parse and check a generated IDL of at least 50,000
//! lines, reported in lines per second; then time Apache's reference compiler
//! (`thrift --gen py`) on the same file with hyperfine, in the same run.
//!
//! Run with `cargo bench -p trift-idl --bench parse`. The generated file is
//! written to `$TMPDIR/trift-bench-50k.thrift` so other tools can be timed on it.

mod gen_idl;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{Criterion, Throughput};

const MIN_LINES: usize = 50_000;

fn bench_file() -> (PathBuf, String, u64) {
    let text = gen_idl::generate_idl(MIN_LINES);
    let lines = text.lines().count() as u64;
    let path = std::env::temp_dir().join("trift-bench-50k.thrift");
    std::fs::write(&path, &text).expect("write the generated IDL");
    (path, text, lines)
}

fn parse_benches(c: &mut Criterion, path: &Path, text: &str, lines: u64) {
    let mut group = c.benchmark_group("idl-50k-lines");
    group.throughput(Throughput::Elements(lines));
    group.sample_size(20);
    group.bench_function("parse", |b| {
        b.iter(|| {
            let (document, diagnostics) = trift_idl::parse::parse(trift_idl::FileId(0), text);
            assert!(diagnostics.is_empty());
            black_box(document)
        })
    });
    group.bench_function("parse+check", |b| {
        b.iter(|| {
            let compilation = trift_idl::load(&[path], &[]);
            assert!(!compilation.has_errors());
            black_box(compilation.model)
        })
    });
    group.finish();
}

/// Times the reference compiler on the same file, if `thrift` and `hyperfine` exist.
fn reference_compiler(path: &Path, lines: u64) {
    let out = std::env::temp_dir().join("trift-bench-py-out");
    let _ = std::fs::create_dir_all(&out);
    let thrift = format!("thrift --gen py -out {} {}", out.display(), path.display());
    println!("\nreference compiler on the same {lines}-line file: {thrift}");
    match Command::new("hyperfine")
        .args(["--warmup", "1", "--runs", "5", &thrift])
        .status()
    {
        Ok(status) if status.success() => {}
        Ok(status) => println!("hyperfine failed ({status}); is `thrift` installed?"),
        Err(error) => println!("hyperfine not available ({error}); skipping the reference timing"),
    }
}

fn main() {
    let (path, text, lines) = bench_file();
    println!(
        "generated {lines} lines ({} bytes) at {}",
        text.len(),
        path.display()
    );
    let mut criterion = Criterion::default().configure_from_args();
    parse_benches(&mut criterion, &path, &text, lines);
    criterion.final_summary();
    reference_compiler(&path, lines);
}
