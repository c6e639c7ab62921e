//! The AMQP mapping against Python, both ways, on a real RabbitMQ: a
//! message published by pika and encoded by Apache's Python library is
//! handled by a trift consumer, and a message a trift client published is
//! decoded by a pika consumer with Apache's library. Skips (failing in CI)
//! without the broker or the Python peers.

use std::process::Command;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use trift::Protocol;
use trift_messaging::{Address, AmqpBroker, Broker, Source};
use trift_rpc_tests::messaging::{client, serve_test};
use trift_rpc_tests::python::{generate_stubs, repo_root, tools_available};

fn url() -> String {
    std::env::var("TRIFT_AMQP_URL")
        .unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".to_owned())
}

async fn broker() -> Option<Arc<dyn Broker>> {
    if !tools_available() {
        return None;
    }
    if !Command::new("python3")
        .args(["-c", "import pika"])
        .output()
        .is_ok_and(|o| o.status.success())
    {
        trift_test_skip::skip("python3 with `pika` is missing (pip install pika)");
        return None;
    }
    match AmqpBroker::connect(&url()).await {
        Ok(broker) => Some(Arc::new(broker)),
        Err(err) => {
            trift_test_skip::skip(&format!(
                "RabbitMQ is not reachable at {} ({err}); tests/setup.sh installs and starts rabbitmq-server",
                url()
            ));
            None
        }
    }
}

fn queue(test: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|since| since.as_nanos())
        .unwrap_or_default();
    format!("trift-test.{test}.{}.{nanos}", std::process::id())
}

/// Runs a script of `tests/interop/py/` and returns its standard output.
fn python(script: &str, args: &[&str]) -> String {
    let stubs = generate_stubs();
    let output = Command::new("python3")
        .arg(repo_root().join("tests/interop/py").join(script))
        .arg(stubs.path())
        .args(args)
        .output()
        .expect("run python3");
    assert!(
        output.status.success(),
        "{script} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test]
async fn a_python_publishers_message_is_handled_by_a_trift_consumer() {
    let Some(broker) = broker().await else { return };
    for protocol in ["binary", "compact", "json"] {
        let queue = queue(protocol);
        let mut server = serve_test(&broker, Source::queue(&queue), "trift");
        let event = format!("from python in {protocol}");
        let args = [url(), queue.clone(), protocol.to_owned(), event.clone()];
        let published = tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            python("amqp_publish.py", &args)
        })
        .await
        .expect("the publisher ran");
        assert_eq!(published.trim(), "published");
        assert_eq!(server.next_event().await, event);
    }
}

#[tokio::test]
async fn a_trift_message_is_decoded_by_a_python_consumer() {
    let Some(broker) = broker().await else { return };
    for protocol in [Protocol::Binary, Protocol::Compact, Protocol::Json] {
        let queue = queue(&protocol.to_string());
        let client = client(&broker, Address::queue(&queue), protocol);
        client
            .notify(format!("from trift in {protocol}"))
            .await
            .expect("publish");
        let url = url();
        let consumed = tokio::task::spawn_blocking(move || {
            python("amqp_consume.py", &[url.as_str(), queue.as_str()])
        })
        .await
        .expect("the consumer ran");
        assert_eq!(
            consumed.trim(),
            format!("{protocol} notify notify from trift in {protocol} persistent=True")
        );
    }
}
