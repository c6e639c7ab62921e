//! Generates the taxi services from `idl/taxi/*.thrift` (and what they
//! include), as a user's build script would.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    trift_codegen::compile(
        &[
            "../../idl/taxi/trip.thrift",
            "../../idl/taxi/passenger.thrift",
            "../../idl/taxi/dispatcher.thrift",
            "../../idl/taxi/driver.thrift",
        ],
        &["../../idl/taxi"],
    )?;
    Ok(())
}
