//! Generates the `Bench` service from `idl/bench.thrift` with trift's code
//! generator, as a user's `build.rs` would.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    trift_codegen::compile(&["../idl/bench.thrift"], &["../idl"])?;
    Ok(())
}
