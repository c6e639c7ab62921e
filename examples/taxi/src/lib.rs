//! The taxi-hailing system of Chris Richardson's "Building Microservices:
//! Inter-Process Communication", as three trift services and a passenger
//! app, all in one process on loopback.
//!
//! - [`passenger`]: the Passenger service (binary protocol, framed TCP).
//! - [`trip`]: Trip Management (compact framed TCP, binary unframed TCP and
//!   JSON over HTTP, all on one auto-detecting port).
//! - [`dispatcher`]: the Dispatcher (compact protocol, unframed TCP).
//! - [`scenario`]: starts them, runs passengers concurrently, checks the
//!   outcome; [`flow`] prints one line per message.

pub mod dispatcher;
pub mod driver;
pub mod flow;
pub mod notifier;
pub mod passenger;
pub mod scenario;
pub mod trip;

/// The code `build.rs` generates from `idl/taxi/*.thrift`.
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}
