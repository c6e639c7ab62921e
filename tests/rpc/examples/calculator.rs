//! A generated server and client of `idl/tutorial/calculator.thrift`, in one
//! process over loopback (`cargo run -p trift-rpc-tests --example calculator`).
//! The README's RPC section shows this file.

use std::time::Duration;

use trift::{Channel, Framing, Protocol, Server};
use trift_rpc_tests::generated::trift::tutorial::shared::{SharedService, SharedStruct};
use trift_rpc_tests::generated::trift::tutorial::{
    Calculator, CalculatorCalculateError, CalculatorClient, CalculatorServer, InvalidOperation,
    Operation, Work,
};

/// The handler: one `async fn` per IDL method, the parent service's too.
struct Handler;

impl SharedService for Handler {
    async fn get_struct(&self, key: i32) -> Result<SharedStruct, trift::Error> {
        Ok(SharedStruct {
            key,
            value: format!("entry {key}"),
        })
    }
}

impl Calculator for Handler {
    async fn ping(&self) -> Result<(), trift::Error> {
        Ok(())
    }

    async fn add(&self, num1: i32, num2: i32) -> Result<i32, trift::Error> {
        Ok(num1.wrapping_add(num2))
    }

    async fn calculate(&self, _logid: i32, w: Work) -> Result<i32, CalculatorCalculateError> {
        match w.op {
            Operation::DIVIDE if w.num2 != 0 => Ok(w.num1 / w.num2),
            // A declared exception converts into the method's error enum.
            _ => Err(InvalidOperation {
                what_op: w.op.0,
                why: "only division by a non-zero number".to_owned(),
            }
            .into()),
        }
    }

    async fn zip(&self) -> Result<(), trift::Error> {
        Ok(())
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Server: port 0 picks a free port; the default detects the protocol and
    // framing of each connection.
    let server = Server::builder().bind("127.0.0.1:0").await?;
    let addr = server.local_addr();
    let shutdown = server.shutdown_handle();
    let serving = tokio::spawn(server.serve(CalculatorServer::new(Handler)));

    // Client: cheap to clone; every clone shares one connection.
    let channel = Channel::builder(addr)
        .protocol(Protocol::Compact)
        .framing(Framing::Framed)
        .call_timeout(Duration::from_secs(2))
        .build();
    let client = CalculatorClient::new(channel);

    client.ping().await?;
    println!("1 + 2 = {}", client.add(1, 2).await?);
    let work = Work {
        num1: 7,
        num2: 0,
        op: Operation::DIVIDE,
        comment: None,
    };
    match client.calculate(1, work).await {
        Err(CalculatorCalculateError::Ouch(err)) => println!("declared exception: {}", err.why),
        other => println!("unexpected: {other:?}"),
    }
    // Inherited from shared.SharedService (another file): same client.
    println!("{:?}", client.get_struct(5).await?);
    client.zip().await?; // oneway: returns once written

    shutdown.shutdown();
    serving.await??;
    Ok(())
}
