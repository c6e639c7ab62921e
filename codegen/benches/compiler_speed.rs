//! Whole-process speed of `trift gen` against the reference compiler's Rust
//! generator (`thrift --gen rs`) on the same generated IDL of 50,000+ lines,
//! timed by hyperfine in one run (`cargo bench -p trift-codegen --features cli --bench
//! compiler_speed`). Prints hyperfine's comparison; skips with a message when
//! `thrift` or `hyperfine` is not installed.

#[path = "../../idl-parser/benches/gen_idl.rs"]
mod gen_idl;

use std::process::Command;

fn main() {
    let dir = std::env::temp_dir().join("trift-codegen-speed");
    let out_trift = dir.join("out-trift");
    let out_apache = dir.join("out-apache");
    for path in [&out_trift, &out_apache] {
        std::fs::create_dir_all(path).expect("create output directories");
    }
    let idl = dir.join("big.thrift");
    let text = gen_idl::generate_idl(50_000);
    std::fs::write(&idl, &text).expect("write the generated IDL");
    println!("IDL: {} ({} lines)", idl.display(), text.lines().count());

    let trift = format!(
        "{} gen --out {} {}",
        env!("CARGO_BIN_EXE_trift"),
        out_trift.display(),
        idl.display()
    );
    let apache = format!(
        "thrift --gen rs -out {} {}",
        out_apache.display(),
        idl.display()
    );
    // `trift gen` rewrites only changed files; clear its output before each
    // run so both compilers write everything every time.
    let prepare = format!("rm -rf {}/*", out_trift.display());
    match Command::new("hyperfine")
        .args([
            "--warmup",
            "1",
            "--runs",
            "10",
            "--prepare",
            &prepare,
            "-n",
            "trift gen",
        ])
        .arg(&trift)
        .args(["-n", "thrift --gen rs"])
        .arg(&apache)
        .status()
    {
        Ok(status) if status.success() => {}
        Ok(status) => println!("hyperfine failed ({status}); is `thrift` installed?"),
        Err(error) => println!("hyperfine not available ({error}); skipping"),
    }
}
