//! Generates Rust for every `.thrift` file in the repository's `idl/` and for
//! every file of `../shared/idl-corpus` that Apache's newest compiler accepts
//! (per `EXPECTED-head-0.25.0.tsv`), into `$OUT_DIR/idl` and
//! `$OUT_DIR/corpus`, and the service files of `idl/` once with clients only
//! and once with servers only (`$OUT_DIR/client_only`, `$OUT_DIR/server_only`).
//! Without the corpus the build still succeeds (with a cargo warning), unless
//! this is CI (`trift_test_skip::in_ci`), and `TRIFT_CORPUS_MISSING` tells
//! `tests/corpus.rs` to skip; `TRIFT_CORPUS_FILES` says how many corpus files
//! were compiled.

use std::path::{Path, PathBuf};

fn thrift_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            thrift_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "thrift") {
            out.push(path);
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let root = manifest.join("../..");
    let out = PathBuf::from(std::env::var("OUT_DIR")?);

    let mut own = Vec::new();
    thrift_files(&root.join("idl"), &mut own);
    println!("cargo:rerun-if-changed={}", root.join("idl").display());
    let empty: [PathBuf; 0] = [];
    trift_codegen::configure()
        .out_dir(out.join("idl"))
        .quiet(true)
        .compile(&own, &empty)?;

    // One side of each service only: what `build_client(false)` and
    // `build_server(false)` leave must compile on its own.
    let services = [
        "rpc_test.thrift",
        "rpc_extends.thrift",
        "tutorial/calculator.thrift",
    ]
    .map(|file| root.join("idl").join(file));
    for (dir, client, server) in [("client_only", true, false), ("server_only", false, true)] {
        trift_codegen::configure()
            .out_dir(out.join(dir))
            .quiet(true)
            .build_client(client)
            .build_server(server)
            .compile(&services, &empty)?;
    }

    // The corpus lives next to the repository (`../shared/idl-corpus`); a git
    // worktree one level deeper finds it at `../../shared`; TRIFT_IDL_CORPUS
    // overrides both.
    println!("cargo:rerun-if-env-changed=TRIFT_IDL_CORPUS");
    let corpus = match std::env::var_os("TRIFT_IDL_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => [
            root.join("../shared/idl-corpus"),
            root.join("../../shared/idl-corpus"),
        ]
        .into_iter()
        .find(|dir| dir.is_dir())
        .unwrap_or_else(|| root.join("../shared/idl-corpus")),
    }
    .join("apache");
    let verdicts = corpus.join("EXPECTED-head-0.25.0.tsv");
    println!("cargo:rerun-if-env-changed=CI");
    println!("cargo:rerun-if-changed={}", verdicts.display());
    let accepted: Vec<PathBuf> = match std::fs::read_to_string(&verdicts) {
        Ok(text) => text
            .lines()
            .filter_map(|line| {
                let mut columns = line.split('\t');
                let file = columns.next()?;
                (columns.next()? == "accept").then(|| corpus.join(file))
            })
            .collect(),
        Err(error) => {
            if trift_test_skip::in_ci() {
                return Err(format!(
                    "the IDL corpus is missing ({}: {error})",
                    verdicts.display()
                )
                .into());
            }
            println!(
                "cargo:warning=IDL corpus not found at {}; only idl/ is compiled",
                corpus.display()
            );
            println!(
                "cargo:rustc-env=TRIFT_CORPUS_MISSING=the shared IDL corpus is missing ({})",
                verdicts.display()
            );
            Vec::new()
        }
    };
    println!("cargo:rustc-env=TRIFT_CORPUS_FILES={}", accepted.len());
    trift_codegen::configure()
        .out_dir(out.join("corpus"))
        .quiet(true)
        .compile(&accepted, &empty)?;
    Ok(())
}
