//! Generates the `Sink` service of `bench.thrift`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    trift_codegen::compile(&["bench.thrift"], &["."])?;
    Ok(())
}
