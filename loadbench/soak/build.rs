//! Generates the `Bench` client (no server side) from `idl/bench.thrift`
//! with trift's code generator, as a user's `build.rs` would.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    trift_codegen::configure()
        .build_server(false)
        .compile(&["../idl/bench.thrift"], &["../idl"])?;
    Ok(())
}
