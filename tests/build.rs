//! Generates the Rust types of `idl/alltypes.thrift` and
//! `idl/evolution/{v1,v2}.thrift` for the interop and evolution tests.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    trift_codegen::compile(
        &[
            "../idl/alltypes.thrift",
            "../idl/evolution/v1.thrift",
            "../idl/evolution/v2.thrift",
        ],
        &["../idl"],
    )?;
    Ok(())
}
