//! The server and client binaries' code in one process over loopback, for
//! every protocol the client can pick.

use std::time::Duration;

use calculator_example::generated::trift::tutorial::{CalculatorClient, CalculatorServer};
use calculator_example::{CalculatorHandler, run_client};
use trift::{Channel, Framing, Protocol, Server};

#[tokio::test]
async fn client_calls_every_method_of_the_server() {
    let server = Server::builder().bind("127.0.0.1:0").await.unwrap();
    let addr = server.local_addr();
    let shutdown = server.shutdown_handle();
    let serving = tokio::spawn(server.serve(CalculatorServer::new(CalculatorHandler::default())));

    for protocol in [Protocol::Binary, Protocol::Compact, Protocol::Json] {
        let channel = Channel::builder(addr)
            .protocol(protocol)
            .framing(Framing::Framed)
            .call_timeout(Duration::from_secs(5))
            .build();
        let lines = run_client(&CalculatorClient::new(channel)).await.unwrap();
        assert_eq!(
            lines,
            [
                "ping()",
                "1 + 1 = 2",
                "1 / 0: InvalidOperation: cannot divide by 0",
                "15 - 10 = 5",
                "getStruct(1) = {key: 1, value: \"5\"}",
                "zip() (oneway)",
            ],
            "{protocol}"
        );
    }

    shutdown.shutdown();
    tokio::time::timeout(Duration::from_secs(5), serving)
        .await
        .expect("graceful shutdown")
        .unwrap()
        .unwrap();
}

#[test]
fn addr_arg_reads_only_addr() {
    let args = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        calculator_example::addr_arg(args(&[]), "127.0.0.1:9090").unwrap(),
        "127.0.0.1:9090"
    );
    assert_eq!(
        calculator_example::addr_arg(args(&["--addr", "127.0.0.1:1"]), "x").unwrap(),
        "127.0.0.1:1"
    );
    assert!(calculator_example::addr_arg(args(&["--addr"]), "x").is_err());
    assert!(calculator_example::addr_arg(args(&["--port", "1"]), "x").is_err());
}
