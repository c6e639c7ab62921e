//! Generates the services of `idl/rpc_test.thrift`, `idl/call_context.thrift`,
//! `idl/rpc_extends.thrift` and `idl/tutorial/calculator.thrift` (the last two
//! extend a service of a file they include) with trift's Builder, as a user's
//! build script would.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    trift_codegen::compile(
        &[
            "../../idl/rpc_test.thrift",
            "../../idl/rpc_extends.thrift",
            "../../idl/tutorial/calculator.thrift",
            "../../idl/call_context.thrift",
        ],
        &["../../idl"],
    )?;
    Ok(())
}
