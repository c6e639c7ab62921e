//! Generates the Rust types of every file in `idl/everything` (and what they
//! include), which the tests compare the dynamic codec against, and the
//! load benchmark's `Record` (`loadbench/idl/bench.thrift`, into
//! `$OUT_DIR/record/`) for the `codec` bench.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from("../../idl/everything");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.retain(|p| p.extension().is_some_and(|e| e == "thrift"));
    files.sort();
    trift_codegen::configure()
        .quiet(true)
        .compile(&files, &[PathBuf::from("../../idl")])?;

    let record = PathBuf::from("../../loadbench/idl/bench.thrift");
    println!("cargo:rerun-if-changed={}", record.display());
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    trift_codegen::configure()
        .quiet(true)
        .out_dir(out.join("record"))
        .compile(&[record], &[PathBuf::from("../../loadbench/idl")])?;
    Ok(())
}
