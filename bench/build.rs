//! Generates the benchmark struct (`idl/order.thrift`) twice for the
//! `generated` bench: with trift's Builder (into `$OUT_DIR/trift/`) and with
//! the Apache compiler's Rust generator (`thrift --gen rs`, Debian 0.17, into
//! `$OUT_DIR/apache_order.rs`), so both sides are compiler output.

use std::path::PathBuf;
use std::process::Command;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    trift_codegen::configure()
        .out_dir(out.join("trift"))
        .compile(&["idl/order.thrift"], &["idl"])?;

    let apache_dir = out.join("apache");
    std::fs::create_dir_all(&apache_dir)?;
    let status = Command::new("thrift")
        .args(["--gen", "rs", "-out"])
        .arg(&apache_dir)
        .arg("idl/order.thrift")
        .status()
        .map_err(|e| {
            format!("cannot run `thrift` (Debian: apt-get install thrift-compiler): {e}")
        })?;
    if !status.success() {
        return Err("thrift --gen rs idl/order.thrift failed".into());
    }
    // The Apache output starts with inner attributes, which `include!` cannot
    // take; src/generated.rs puts equivalent outer attributes on the module.
    let text = std::fs::read_to_string(apache_dir.join("order.rs"))?;
    let items: String = text
        .lines()
        .filter(|line| !line.starts_with("#!["))
        .map(|line| format!("{line}\n"))
        .collect();
    std::fs::write(out.join("apache_order.rs"), items)?;
    Ok(())
}
