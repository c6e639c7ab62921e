//! Generates the calculator service from its IDL at build time.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // One line: the file, everything it includes, and `cargo:rerun-if-changed`.
    trift_codegen::compile(
        &["../../idl/tutorial/calculator.thrift"],
        &["../../idl/tutorial"],
    )?;
    Ok(())
}
