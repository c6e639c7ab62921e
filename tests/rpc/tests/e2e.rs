//! Generated client <-> generated server over loopback, for every protocol
//! and framing (server pinned to it, and an auto-detecting server): two-way,
//! inherited, void, no-argument and oneway methods, each declared exception,
//! a handler's application error, an unknown method, a handler panic, services
//! extending ones from included files (two levels deep), and method metadata.

// Helpers outside `#[test]` functions unwrap too; clippy.toml only exempts
// the test functions themselves.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use std::sync::{Arc, Mutex};

use trift::{
    ApplicationExceptionKind, ClientReply, ClientRequest, Framing, Protocol, Server, TransportError,
};
use trift_rpc_tests::generated::rpc_extends::{
    ScientificClient, ScientificNextIdArgs, ScientificServer, ScientificSquareRootArgs,
    ScientificSquareRootError,
};
use trift_rpc_tests::generated::rpc_test::{
    CalculatorAddArgs, CalculatorAddResult, CalculatorClient, CalculatorDivideArgs,
    CalculatorDivideError, CalculatorNotifyArgs,
};
use trift_rpc_tests::generated::trift::tutorial;
use trift_rpc_tests::handlers::{TestHandler, TutorialHandler};
use trift_rpc_tests::harness::{self, COMBINATIONS, TestServer};

/// Every call kind through `client`, against `server`.
async fn exercise<S: trift::client::ClientService>(
    client: &CalculatorClient<S>,
    server: &mut TestServer,
    label: &str,
) {
    assert_eq!(
        client.ping().await.unwrap(),
        "pong",
        "{label}: inherited ping"
    );
    assert_eq!(
        client.add(i32::MAX, i32::MAX).await.unwrap(),
        2 * i64::from(i32::MAX),
        "{label}: two-way"
    );
    client.record(format!("entry {label}")).await.unwrap();
    assert_eq!(
        client.last_entry().await.unwrap(),
        format!("entry {label}"),
        "{label}: void then no-arg"
    );
    assert_eq!(client.divide(-7, 2).await.unwrap(), -3, "{label}: divide");

    match client.divide(1, 0).await {
        Err(CalculatorDivideError::Zero(err)) => assert_eq!(err.message, "division by zero"),
        other => panic!("{label}: expected DivideByZero, got {other:?}"),
    }
    match client.divide(i32::MIN, -1).await {
        Err(CalculatorDivideError::Overflow(err)) => assert_eq!(err.dividend, i32::MIN),
        other => panic!("{label}: expected Overflow, got {other:?}"),
    }
    match client.delayed_echo(1, -1).await {
        Err(trift::Error::Application(err)) => {
            assert_eq!(err.kind, ApplicationExceptionKind::Unknown, "{label}");
            assert_eq!(err.message, "sleep_ms must not be negative", "{label}");
        }
        other => panic!("{label}: expected an application error, got {other:?}"),
    }

    // A handler panic answers INTERNAL_ERROR and the server keeps serving.
    match client.crash().await {
        Err(err) => match err {
            trift::Error::Application(err) => {
                assert_eq!(err.kind, ApplicationExceptionKind::InternalError, "{label}");
            }
            other => panic!("{label}: expected INTERNAL_ERROR, got {other:?}"),
        },
        Ok(()) => panic!("{label}: crash returned"),
    }
    assert_eq!(
        client.ping().await.unwrap(),
        "pong",
        "{label}: after a panic"
    );

    // Oneway: the client returns once written; the server observes it.
    client.notify(format!("event {label}")).await.unwrap();
    let observed = tokio::time::timeout(Duration::from_secs(5), server.events.recv())
        .await
        .unwrap_or_else(|_| panic!("{label}: the server did not observe the oneway call"));
    assert_eq!(observed.as_deref(), Some(format!("event {label}").as_str()));

    // An unknown method is answered UNKNOWN_METHOD.
    let request = ClientRequest::call("no_such_method", CalculatorAddArgs { a: 1, b: 2 });
    let reply = trift::client::call(client.service(), request)
        .await
        .unwrap();
    match reply.decode_result::<CalculatorAddResult>() {
        Err(trift::Error::Application(err)) => {
            assert_eq!(err.kind, ApplicationExceptionKind::UnknownMethod, "{label}");
        }
        other => panic!("{label}: expected UNKNOWN_METHOD, got {other:?}"),
    }
    // Arguments that do not decode (a missing required argument) are
    // answered PROTOCOL_ERROR without reaching the handler.
    let request = ClientRequest::call("divide", CalculatorNotifyArgs { event: "x".into() });
    let reply = trift::client::call(client.service(), request)
        .await
        .unwrap();
    match reply.decode_result::<CalculatorAddResult>() {
        Err(trift::Error::Application(err)) => {
            assert_eq!(err.kind, ApplicationExceptionKind::ProtocolError, "{label}");
        }
        other => panic!("{label}: expected PROTOCOL_ERROR, got {other:?}"),
    }
}

#[tokio::test]
async fn every_call_kind_over_every_protocol_and_framing() {
    for (protocol, framing) in COMBINATIONS {
        let mut server = harness::start_pinned(protocol, framing).await;
        let client = harness::client(server.addr, protocol, framing);
        exercise(&client, &mut server, &format!("{protocol}/{framing}")).await;
    }
}

#[tokio::test]
async fn an_auto_detecting_server_serves_every_protocol_and_framing() {
    let mut server = harness::start(Server::builder()).await;
    for (protocol, framing) in COMBINATIONS {
        let client = harness::client(server.addr, protocol, framing);
        exercise(&client, &mut server, &format!("auto {protocol}/{framing}")).await;
    }
}

#[tokio::test]
async fn a_multiplexed_server_serves_a_generated_service_by_name() {
    let mut server = harness::start_multiplexed(Server::builder()).await;
    for (protocol, framing) in COMBINATIONS {
        let channel = harness::channel(server.addr, protocol, framing, Some("Calculator"));
        let client = CalculatorClient::new(channel);
        exercise(
            &client,
            &mut server,
            &format!("multiplexed {protocol}/{framing}"),
        )
        .await;
    }
}

#[tokio::test]
async fn clients_are_cheap_clones_and_futures_are_spawnable() {
    let server = harness::start_pinned(Protocol::Compact, Framing::Framed).await;
    let client = harness::client(server.addr, Protocol::Compact, Framing::Framed);
    let calls: Vec<_> = (0..100)
        .map(|i| tokio::spawn(client.clone().delayed_echo(i, 100 - i)))
        .collect();
    for (i, call) in (0..).zip(calls) {
        assert_eq!(call.await.unwrap().unwrap(), i);
    }
}

#[tokio::test]
async fn a_service_extending_one_from_an_included_file_serves_both() {
    let bound = Server::builder().bind("127.0.0.1:0").await.unwrap();
    let addr = bound.local_addr();
    let shutdown = bound.shutdown_handle();
    let task =
        tokio::spawn(bound.serve(tutorial::CalculatorServer::new(TutorialHandler::default())));
    for (protocol, framing) in COMBINATIONS {
        let client =
            tutorial::CalculatorClient::new(harness::plain_channel(addr, protocol, framing));
        client.ping().await.unwrap();
        assert_eq!(client.add(2, 3).await.unwrap(), 5);
        let work = tutorial::Work {
            num1: 20,
            num2: 4,
            op: tutorial::Operation::DIVIDE,
            comment: None,
        };
        assert_eq!(client.calculate(7, work.clone()).await.unwrap(), 5);
        // getStruct is the parent's (shared.SharedService), reached through
        // the child client's Deref and served by the child's server.
        let logged = client.get_struct(7).await.unwrap();
        assert_eq!((logged.key, logged.value.as_str()), (7, "5"));
        let zero = tutorial::Work { num2: 0, ..work };
        match client.calculate(8, zero).await {
            Err(tutorial::CalculatorCalculateError::Ouch(err)) => {
                assert_eq!(err.what_op, tutorial::Operation::DIVIDE.0);
            }
            other => panic!("expected InvalidOperation, got {other:?}"),
        }
        client.zip().await.unwrap();
    }
    shutdown.shutdown();
    task.abort();
}

#[tokio::test]
async fn a_two_level_chain_across_an_include_serves_every_level() {
    let (handler, _events) = TestHandler::new();
    let bound = Server::builder().bind("127.0.0.1:0").await.unwrap();
    let addr = bound.local_addr();
    let shutdown = bound.shutdown_handle();
    let task = tokio::spawn(bound.serve(ScientificServer::new(handler)));
    for (protocol, framing) in COMBINATIONS {
        let client = ScientificClient::new(harness::plain_channel(addr, protocol, framing));
        // Own, parent's (rpc_test.Calculator) and grandparent's (Base).
        assert_eq!(client.square_root(6.25).await.unwrap(), 2.5);
        match client.square_root(-1.0).await {
            Err(ScientificSquareRootError::Negative(err)) => assert_eq!(err.message, "negative"),
            other => panic!("expected the declared exception, got {other:?}"),
        }
        assert!(client.next_id().await.unwrap() >= 1);
        assert_eq!(client.add(1, 2).await.unwrap(), 3);
        assert_eq!(client.ping().await.unwrap(), "pong");
    }
    shutdown.shutdown();
    task.abort();
}

#[test]
fn method_metadata_is_available() {
    use trift::MethodArgs;

    assert_eq!(CalculatorDivideArgs::METHOD, "divide");
    assert_eq!(ScientificSquareRootArgs::METHOD, "square_root");
    assert_eq!(
        [
            CalculatorDivideArgs::ONEWAY,
            CalculatorNotifyArgs::ONEWAY,
            CalculatorDivideArgs::IDEMPOTENT,
            ScientificSquareRootArgs::IDEMPOTENT,
            ScientificNextIdArgs::IDEMPOTENT,
        ],
        [false, true, false, true, false]
    );
    assert!(CalculatorDivideArgs::ANNOTATIONS.is_empty());
    assert_eq!(
        ScientificNextIdArgs::ANNOTATIONS,
        [("deprecated", "use add"), ("timeout_ms", "50")]
    );
}

/// Generated clients mark the requests of `(idempotent)` methods, so retry
/// layers may resend them, and leave every other request unmarked.
#[tokio::test]
async fn generated_clients_mark_idempotent_requests() {
    let seen: Arc<Mutex<Vec<(String, bool)>>> = Arc::default();
    let recorder = {
        let seen = Arc::clone(&seen);
        tower::service_fn(move |request: ClientRequest| {
            seen.lock()
                .unwrap()
                .push((request.method.to_string(), request.idempotent));
            async {
                Err::<ClientReply, _>(trift::Error::Transport(TransportError::ConnectionClosed))
            }
        })
    };
    let client = ScientificClient::new(recorder);
    assert!(client.square_root(4.0).await.is_err());
    assert!(client.next_id().await.is_err());
    assert!(client.add(1, 2).await.is_err());
    assert_eq!(
        *seen.lock().unwrap(),
        [
            ("square_root".to_owned(), true),
            ("next_id".to_owned(), false),
            ("add".to_owned(), false),
        ]
    );
}
