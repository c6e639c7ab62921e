//! Generates the ThriftTest and SecondService code from the project's IDL of
//! Apache's cross-test contract.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    trift_codegen::compile(
        &["../../idl/crosstest/ThriftTest.thrift"],
        &["../../idl/crosstest"],
    )?;
    Ok(())
}
