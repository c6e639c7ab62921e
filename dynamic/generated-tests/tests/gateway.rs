//! The gateway end to end in front of a trift server (the tutorial
//! calculator): `POST /Service/method`, `api.get` / `api.post` routes with
//! path and query parameters, the status of every outcome (200, 202, 422,
//! 400, 404, 405, 408, 413, 502, 504), requests over a real socket, and the
//! OpenAPI document checked by PyPI's `openapi-spec-validator`.

use std::io::{Read as _, Write as _};
use std::sync::Arc;
use std::time::Duration;

use calculator_example::CalculatorHandler;
use calculator_example::generated::trift::tutorial::CalculatorServer;
use serde_json::json;
use trift_dynamic::Schema;
use trift_dynamic::gateway::{Gateway, GatewayOptions};

/// The calculator's contract (same names, ids and types), with HTTP routes.
const IDL: &str = r#"
enum Operation { ADD = 1, SUBTRACT = 2, MULTIPLY = 3, DIVIDE = 4 }
/** One unit of work. */
struct Work {
  1: i32 num1 = 0,
  /** The second operand. */
  2: i32 num2,
  3: Operation op,
  4: optional string comment,
}
exception InvalidOperation { 1: i32 whatOp, 2: string why }
struct SharedStruct { 1: i32 key, 2: string value }
service Calculator {
  /** Adds two numbers. */
  i32 add(1: i32 num1, 2: i32 num2) (api.get = "/sums/:num1")
  i32 calculate(1: i32 logid, 2: Work w) throws (1: InvalidOperation ouch) (api.post = "/calculations/:logid")
  SharedStruct getStruct(1: i32 key) (api.get = "/logs/:key")
  oneway void zip()
  /** Not in the server's IDL: the server answers with an application exception. */
  i32 subtract(1: i32 num1, 2: i32 num2)
}
"#;

fn schema() -> Arc<Schema> {
    let compilation = trift_idl::check_source("calc.thrift", IDL);
    Arc::new(Schema::new(&compilation.model.expect("valid IDL")).expect("schema"))
}

async fn calculator() -> String {
    let server = trift::Server::builder()
        .bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = server.local_addr().to_string();
    tokio::spawn(server.serve(CalculatorServer::new(CalculatorHandler::default())));
    addr
}

#[tokio::test]
async fn routes_and_statuses() {
    let upstream = calculator().await;
    let gateway = Gateway::new(schema(), &upstream, GatewayOptions::default()).expect("gateway");

    let sum = gateway
        .answer("POST", "/Calculator/add", br#"{"num1": 2, "num2": 40}"#)
        .await;
    assert_eq!(sum, (200, json!(42)));
    let sum = gateway.answer("GET", "/sums/2?num2=40", b"").await;
    assert_eq!(sum, (200, json!(42)));

    let work = br#"{"w": {"num1": 6, "num2": 7, "op": "MULTIPLY"}}"#;
    let product = gateway.answer("POST", "/calculations/5", work).await;
    assert_eq!(product, (200, json!(42)));
    let logged = gateway.answer("GET", "/logs/5", b"").await;
    assert_eq!(logged, (200, json!({"key": 5, "value": "42"})));

    let work = br#"{"logid": 1, "w": {"num1": 1, "num2": 0, "op": "DIVIDE"}}"#;
    let thrown = gateway.answer("POST", "/Calculator/calculate", work).await;
    assert_eq!(
        thrown,
        (
            422,
            json!({"InvalidOperation": {"whatOp": 4, "why": "cannot divide by 0"}})
        )
    );
    assert_eq!(
        gateway.answer("POST", "/Calculator/zip", b"").await,
        (202, json!(null))
    );

    let bad = gateway
        .answer("POST", "/Calculator/calculate", br#"{"w": {"op": 1.5}}"#)
        .await;
    assert_eq!(
        bad,
        (
            400,
            json!({"error": "bad request: w.op: expected Operation, found a number"})
        )
    );
    let bad = gateway
        .answer("POST", "/Calculator/add", b"{\"num1\": ")
        .await;
    assert_eq!(
        bad,
        (
            400,
            json!({"error": "POST /Calculator/add: the body is not JSON: EOF while parsing a value at line 1 column 9"})
        )
    );
    let bad = gateway.answer("POST", "/calculations/5", b"[1, 2]").await;
    assert_eq!(
        bad,
        (
            400,
            json!({"error": "POST /calculations/5: the body must be a JSON object of arguments"})
        )
    );
    let bad = gateway.answer("GET", "/sums/two", b"").await;
    assert_eq!(
        bad,
        (
            400,
            json!({"error": "bad request: num1: expected i32, found a string"})
        )
    );
    assert_eq!(gateway.answer("POST", "/Calculator/nope", b"").await.0, 404);
    assert_eq!(gateway.answer("GET", "/Calculator/add", b"").await.0, 405);
}

#[tokio::test]
async fn upstream_failures_are_502_and_504() {
    // An application exception from the upstream (it has no `subtract`).
    let upstream = calculator().await;
    let gateway = Gateway::new(schema(), &upstream, GatewayOptions::default()).expect("gateway");
    let answer = gateway
        .answer("POST", "/Calculator/subtract", br#"{"num1": 2, "num2": 1}"#)
        .await;
    assert_eq!(answer.0, 502, "{answer:?}");
    let message = answer.1["error"].as_str().expect("an error message");
    assert!(
        message.starts_with("application error: UnknownMethod") && message.contains("subtract"),
        "{message}"
    );

    // Refused: nothing listens on a port just released.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let refused = listener.local_addr().expect("addr").to_string();
    drop(listener);
    let gateway = Gateway::new(schema(), &refused, GatewayOptions::default()).expect("gateway");
    let answer = gateway.answer("POST", "/Calculator/add", b"{}").await;
    assert_eq!(answer.0, 502, "{answer:?}");

    // Silent: accepts and never answers; the deadline gives 504.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = silent.local_addr().expect("addr").to_string();
    let held = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = silent.accept().await {
            held.push(stream);
        }
    });
    let mut options = GatewayOptions::default();
    options.call.timeout = Duration::from_millis(200);
    let gateway = Gateway::new(schema(), &addr, options).expect("gateway");
    let answer = gateway.answer("POST", "/Calculator/add", b"{}").await;
    assert_eq!(answer.0, 504, "{answer:?}");
    held.abort();
}

#[tokio::test]
async fn over_http_with_a_body_limit() {
    let upstream = calculator().await;
    let options = GatewayOptions {
        max_body: 64,
        ..GatewayOptions::default()
    };
    let gateway = Arc::new(Gateway::new(schema(), &upstream, options).expect("gateway"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(gateway.serve(listener));
    let request = |text: String| {
        tokio::task::spawn_blocking(move || {
            let mut stream = std::net::TcpStream::connect(addr).expect("connect");
            stream.write_all(text.as_bytes()).expect("write");
            let mut out = String::new();
            stream.read_to_string(&mut out).expect("read");
            out
        })
    };
    let body = r#"{"num1": 40, "num2": 2}"#;
    let reply = request(format!(
        "POST /Calculator/add HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ))
    .await
    .expect("joins");
    assert!(reply.starts_with("HTTP/1.1 200 OK\r\n"), "{reply}");
    assert!(reply.contains("content-type: application/json"), "{reply}");
    assert!(reply.ends_with("\r\n\r\n42"), "{reply}");

    let big = format!(r#"{{"num1": 1, "num2": 2, "pad": "{}"}}"#, "x".repeat(100));
    let reply = request(format!(
        "POST /Calculator/add HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{big}",
        big.len()
    ))
    .await
    .expect("joins");
    assert!(reply.starts_with("HTTP/1.1 413 "), "{reply}");

    // Without a length: refused once more than the limit has arrived.
    let chunk = "x".repeat(100);
    let reply = request(format!(
        "POST /Calculator/add HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{chunk}\r\n0\r\n\r\n",
        chunk.len()
    ))
    .await
    .expect("joins");
    assert!(reply.starts_with("HTTP/1.1 413 "), "{reply}");
    assert!(reply.contains("above the limit of 64 bytes"), "{reply}");
}

#[tokio::test]
async fn a_body_slower_than_the_read_timeout_is_408() {
    let upstream = calculator().await;
    let options = GatewayOptions {
        read_timeout: Duration::from_millis(200),
        ..GatewayOptions::default()
    };
    let gateway = Arc::new(Gateway::new(schema(), &upstream, options).expect("gateway"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(gateway.serve(listener));
    let reply = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).expect("connect");
        // Promises 40 bytes, sends 10 and waits.
        stream
            .write_all(b"POST /Calculator/add HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n\r\n{\"num1\": ")
            .expect("write");
        let mut out = String::new();
        let _ = stream.read_to_string(&mut out);
        out
    })
    .await
    .expect("joins");
    assert!(reply.starts_with("HTTP/1.1 408 "), "{reply}");
    assert!(
        reply.contains("the body did not arrive within 200ms"),
        "{reply}"
    );
}

#[tokio::test]
async fn openapi_document_validates() {
    let upstream = calculator().await;
    let gateway = Gateway::new(schema(), &upstream, GatewayOptions::default()).expect("gateway");
    let (status, document) = gateway.answer("GET", "/openapi.json", b"").await;
    assert_eq!(status, 200);
    assert_eq!(document["openapi"], "3.1.0");
    let add = &document["paths"]["/sums/{num1}"]["get"];
    assert_eq!(add["description"], "Adds two numbers.");
    assert_eq!(add["parameters"][0]["in"], "path");
    assert_eq!(
        add["parameters"][1],
        json!({"name": "num2", "in": "query", "required": false,
        "schema": {"type": "integer", "format": "int32"}})
    );
    let calculate = &document["paths"]["/Calculator/calculate"]["post"];
    assert!(calculate["responses"]["422"].is_object());
    let work = &document["components"]["schemas"]["calc.Work"];
    assert_eq!(work["description"], "One unit of work.");

    let validator = std::process::Command::new("python3")
        .args(["-c", "import openapi_spec_validator"])
        .output();
    if !validator.is_ok_and(|o| o.status.success()) {
        trift_test_skip::skip("needs PyPI's openapi-spec-validator (tests/setup.sh)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("openapi.json");
    std::fs::write(&path, gateway.openapi()).expect("writes");
    let script = "import json, sys\nfrom openapi_spec_validator import validate\nvalidate(json.load(open(sys.argv[1])))\nprint('valid')";
    let output = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .output()
        .expect("runs python3");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
