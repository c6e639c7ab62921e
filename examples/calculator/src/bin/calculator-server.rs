//! Serves the calculator: `cargo run -p calculator-example --bin
//! calculator-server [-- --addr 127.0.0.1:9090]`. Any protocol and framing,
//! detected per connection; Ctrl-C stops it gracefully.

use calculator_example::generated::trift::tutorial::CalculatorServer;
use calculator_example::{BoxError, CalculatorHandler, addr_arg};

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let addr = addr_arg(std::env::args().skip(1), "127.0.0.1:9090")?;
    let server = trift::Server::builder().bind(&addr).await?;
    println!("calculator listening on {}", server.local_addr());
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    server
        .serve_with_shutdown(CalculatorServer::new(CalculatorHandler::default()), stop)
        .await?;
    Ok(())
}
