//! `trift_dynamic::call` against a trift server (the tutorial calculator,
//! generated code): every protocol over buffered, framed and HTTP, a declared
//! exception, a oneway method, an inherited method, and an application error;
//! and `trift call`'s own code path (flags to output and exit status) against it.

use std::sync::Arc;

use calculator_example::CalculatorHandler;
use calculator_example::generated::trift::tutorial::CalculatorServer;
use serde_json::json;
use trift::Protocol;
use trift_dynamic::Schema;
use trift_dynamic::call::{self, CallError, CallOptions, Client, Outcome, Transport};

fn schema() -> Arc<Schema> {
    let idl = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../idl/tutorial/calculator.thrift");
    let compilation = trift_idl::load(&[idl], &[]);
    Arc::new(Schema::new(&compilation.model.expect("calculator.thrift checks")).expect("schema"))
}

async fn run(
    schema: &Arc<Schema>,
    client: &Client,
    target: &str,
    args: serde_json::Value,
) -> Result<Outcome, CallError> {
    let method = call::resolve_method(schema, target)?;
    let slots = call::arguments(schema, method, &args)?;
    call::call(schema, client, method, slots, None).await
}

#[tokio::test]
async fn every_protocol_and_transport() {
    let server = trift::Server::builder()
        .bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = server.local_addr().to_string();
    tokio::spawn(server.serve(CalculatorServer::new(CalculatorHandler::default())));
    let schema = schema();
    for protocol in [Protocol::Binary, Protocol::Compact, Protocol::Json] {
        for transport in [Transport::Buffered, Transport::Framed, Transport::Http] {
            let context = format!("{protocol} over {transport:?}");
            let options = CallOptions {
                protocol,
                transport,
                ..CallOptions::default()
            };
            let client = Client::new(&addr, &options).expect("client");
            let sum = run(
                &schema,
                &client,
                "Calculator.add",
                json!({"num1": 2, "num2": 40}),
            )
            .await;
            assert_eq!(sum, Ok(Outcome::Success(json!(42))), "{context}");

            let work = json!({"logid": 7, "w": {"num1": 1, "num2": 0, "op": "DIVIDE"}});
            let thrown = run(&schema, &client, "Calculator.calculate", work).await;
            assert_eq!(
                thrown,
                Ok(Outcome::Exception {
                    name: "InvalidOperation".into(),
                    value: json!({"whatOp": 4, "why": "cannot divide by 0"}),
                }),
                "{context}"
            );

            let work = json!({"logid": 8, "w": {"num1": 6, "num2": 7, "op": "MULTIPLY"}});
            let product = run(&schema, &client, "Calculator.calculate", work).await;
            assert_eq!(product, Ok(Outcome::Success(json!(42))), "{context}");
            // Inherited from SharedService, reading what calculate logged.
            let logged = run(&schema, &client, "Calculator.getStruct", json!({"key": 8})).await;
            assert_eq!(
                logged,
                Ok(Outcome::Success(json!({"key": 8, "value": "42"}))),
                "{context}"
            );
            let ping = run(&schema, &client, "Calculator.ping", serde_json::Value::Null).await;
            assert_eq!(
                ping,
                Ok(Outcome::Success(serde_json::Value::Null)),
                "{context}"
            );
            let zip = run(&schema, &client, "Calculator.zip", json!({})).await;
            assert_eq!(zip, Ok(Outcome::Sent), "{context}");
        }
    }
}

#[tokio::test]
async fn bad_input_is_refused_before_sending() {
    let schema = schema();
    let method = call::resolve_method(&schema, "Calculator.calculate").expect("method");
    let err = call::arguments(&schema, method, &json!({"w": {"op": []}})).expect_err("bad");
    assert_eq!(
        err,
        CallError::Input("w.op: expected Operation, found an array".into())
    );
    let err = call::arguments(&schema, method, &json!({"w": {"num1": "one"}})).expect_err("bad");
    assert_eq!(
        err,
        CallError::Input("w.num1: expected i32, found a string".into())
    );
    assert!(matches!(
        call::resolve_method(&schema, "Calculator.nope"),
        Err(CallError::Input(_))
    ));
}

#[tokio::test]
async fn an_unknown_method_is_an_application_error() {
    let server = trift::Server::builder()
        .bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = server.local_addr().to_string();
    tokio::spawn(server.serve(CalculatorServer::new(CalculatorHandler::default())));
    // A schema with a method the server does not have.
    let compilation = trift_idl::check_source(
        "other.thrift",
        "service Calculator { i32 subtract(1: i32 a, 2: i32 b) }",
    );
    let schema = Arc::new(Schema::new(&compilation.model.expect("checks")).expect("schema"));
    let client = Client::new(&addr, &CallOptions::default()).expect("client");
    let err = run(&schema, &client, "Calculator.subtract", json!({"a": 1}))
        .await
        .expect_err("unknown method");
    assert!(
        matches!(&err, CallError::Application(m) if m.contains("subtract")),
        "{err:?}"
    );
}

/// `trift call` as the binary runs it (`trift_dynamic::cli::execute`, which
/// `trift call` prints the result of): flags, arguments, output and exit
/// status, against the trift calculator on every protocol and transport.
#[tokio::test]
async fn the_cli_against_a_trift_server() {
    let server = trift::Server::builder()
        .bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = server.local_addr().to_string();
    tokio::spawn(server.serve(CalculatorServer::new(CalculatorHandler::default())));
    let idl = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../idl/tutorial/calculator.thrift");
    for protocol in ["binary", "compact", "json"] {
        for transport in ["buffered", "framed", "http"] {
            let context = format!("{protocol} over {transport}");
            let command = |method: &str, json: &str| trift_dynamic::cli::CallCommand {
                idl: idl.clone(),
                protocol: Some(protocol.into()),
                transport: Some(transport.into()),
                timeout: Some("5s".into()),
                addr: Some(addr.clone()),
                method: Some(method.into()),
                json: Some(json.into()),
                ..Default::default()
            };
            let calls = [
                command("Calculator.add", r#"{"num1": 2, "num2": 40}"#),
                command(
                    "Calculator.calculate",
                    r#"{"logid": 1, "w": {"num1": 1, "num2": 0, "op": "DIVIDE"}}"#,
                ),
                command("Calculator.calculate", r#"{"w": {"op": true}}"#),
                command("Calculator.zip", ""),
            ];
            let results = tokio::task::spawn_blocking(move || {
                calls
                    .iter()
                    .map(trift_dynamic::cli::execute)
                    .collect::<Vec<_>>()
            })
            .await
            .expect("joins");
            assert_eq!(results[0], Ok(("42\n".into(), 0)), "{context}");
            assert_eq!(
                results[1],
                Ok((
                    "{\n  \"InvalidOperation\": {\n    \"whatOp\": 4,\n    \"why\": \"cannot divide by 0\"\n  }\n}\n"
                        .into(),
                    1
                )),
                "{context}"
            );
            assert_eq!(
                results[2],
                Err("bad request: w.op: expected Operation, found a boolean".into()),
                "{context}"
            );
            assert_eq!(results[3], Ok((String::new(), 0)), "{context}");
        }
    }
}
