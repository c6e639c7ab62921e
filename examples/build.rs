//! Generates the example services, as a user's build script would.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    trift_codegen::compile(&["idl/http_echo.thrift"], &["idl"])?;
    Ok(())
}
