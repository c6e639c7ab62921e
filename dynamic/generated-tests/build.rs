//! Generates the Rust types of every file in `idl/everything` (and what they
//! include), which the tests compare the dynamic codec against.

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
    Ok(())
}
