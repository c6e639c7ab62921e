//! Runnable examples of trift (see `examples/`), and the code generated for
//! their IDL (`idl/`) by `build.rs`.

/// The generated modules (`http_echo`).
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}
