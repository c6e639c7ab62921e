//! Generates the Rust types of `idl/alltypes.thrift`,
//! `idl/evolution/{v1,v2}.thrift` and every frozen compat pair
//! `idl/compat-pairs/pNN/{v1,v2}.thrift` for the interop, evolution and
//! compat tests.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut files: Vec<PathBuf> = [
        "../idl/alltypes.thrift",
        "../idl/evolution/v1.thrift",
        "../idl/evolution/v2.thrift",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    // Pairs come and go when the sample is regenerated: list the directory.
    let pairs_dir = PathBuf::from("../idl/compat-pairs");
    println!("cargo:rerun-if-changed={}", pairs_dir.display());
    if pairs_dir.is_dir() {
        let mut pairs: Vec<PathBuf> = std::fs::read_dir(&pairs_dir)?
            .map(|entry| entry.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        pairs.retain(|p| p.is_dir());
        pairs.sort();
        for pair in pairs {
            files.push(pair.join("v1.thrift"));
            files.push(pair.join("v2.thrift"));
        }
    }
    trift_codegen::compile(&files, &[PathBuf::from("../idl")])?;
    Ok(())
}
