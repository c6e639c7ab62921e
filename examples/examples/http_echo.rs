//! Thrift over HTTP: the `Echo` service of `idl/http_echo.thrift`, served on
//! one port for HTTP (`POST /thrift`) and raw Thrift alike, and called with
//! trift's `HttpChannel` (or curl, see the README).
//!
//! ```text
//! cargo run -p trift-examples --example http-echo                  # server on 127.0.0.1:9090
//! cargo run -p trift-examples --example http-echo -- client        # calls it over HTTP (JSON)
//! cargo run -p trift-examples --example http-echo -- server 0.0.0.0:8080
//! ```

use std::time::Duration;

use trift::{HttpChannel, Protocol, Server};
use trift_examples::generated::http_echo::{
    Echo, EchoClient, EchoEchoError, EchoServer, EmptyMessage,
};

/// The handler.
struct EchoHandler;

impl Echo for EchoHandler {
    async fn echo(&self, message: String) -> Result<String, EchoEchoError> {
        if message.is_empty() {
            return Err(EchoEchoError::Empty(EmptyMessage {
                reason: "nothing to echo".to_owned(),
            }));
        }
        Ok(message)
    }

    async fn add(&self, a: i32, b: i32) -> Result<i64, trift::Error> {
        Ok(i64::from(a) + i64::from(b))
    }

    async fn log(&self, line: String) -> Result<(), trift::Error> {
        println!("log: {line}");
        Ok(())
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "server".to_owned());
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:9090".to_owned());
    match mode.as_str() {
        "server" => serve(&addr).await,
        "client" => call(&addr).await,
        other => Err(format!("unknown mode {other:?}: use `server` or `client`").into()),
    }
}

async fn serve(addr: &str) -> Result<(), Box<dyn std::error::Error>> {
    // The default transport detects HTTP and raw Thrift per connection.
    let server = Server::builder().http_path("/thrift").bind(addr).await?;
    println!(
        "serving Echo on http://{}/thrift (and raw Thrift on the same port); Ctrl-C stops",
        server.local_addr()
    );
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    server
        .serve_with_shutdown(EchoServer::new(EchoHandler), stop)
        .await?;
    Ok(())
}

async fn call(addr: &str) -> Result<(), Box<dyn std::error::Error>> {
    let channel = HttpChannel::builder(format!("http://{addr}/thrift"))
        .protocol(Protocol::Json)
        .header("x-request-source", "http-echo example")
        .call_timeout(Duration::from_secs(5))
        .build()?;
    let client = EchoClient::new(channel);
    println!("echo: {}", client.echo("hello over HTTP".to_owned()).await?);
    println!("add: {}", client.add(2, 40).await?);
    match client.echo(String::new()).await {
        Err(EchoEchoError::Empty(err)) => println!("echo(\"\"): EmptyMessage({})", err.reason),
        other => println!("echo(\"\"): unexpected {other:?}"),
    }
    client.log("a oneway call".to_owned()).await?;
    println!("log: sent");
    Ok(())
}
