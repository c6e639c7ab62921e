//! Calls the calculator: `cargo run -p calculator-example --bin
//! calculator-client [-- --addr 127.0.0.1:9090]` (compact protocol, framed).

use std::time::Duration;

use calculator_example::generated::trift::tutorial::CalculatorClient;
use calculator_example::{BoxError, addr_arg, run_client};
use trift::{Channel, Framing, Protocol};

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let addr = addr_arg(std::env::args().skip(1), "127.0.0.1:9090")?;
    let channel = Channel::builder(addr.as_str())
        .protocol(Protocol::Compact)
        .framing(Framing::Framed)
        .connect_timeout(Duration::from_secs(2))
        .call_timeout(Duration::from_secs(2))
        .build();
    for line in run_client(&CalculatorClient::new(channel)).await? {
        println!("{line}");
    }
    Ok(())
}
