//! Generates the services of `idl/rpc_test.thrift` and
//! `idl/tutorial/calculator.thrift` (which extends a service of the file it
//! includes) with trift's Builder, as a user's build script would.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    trift_codegen::compile(
        &[
            "../../idl/rpc_test.thrift",
            "../../idl/tutorial/calculator.thrift",
        ],
        &["../../idl"],
    )?;
    Ok(())
}
