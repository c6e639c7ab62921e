//! Generates both services of `idl/product_details.thrift`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    trift_codegen::compile(&["../../idl/product_details.thrift"], &["../../idl"])?;
    Ok(())
}
