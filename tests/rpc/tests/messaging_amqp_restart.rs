//! Persistence across a RabbitMQ restart: notifications published
//! (persistent, confirmed) to a durable queue before the broker restarts are
//! all delivered after it, none lost, and the publishing connection recovers
//! by itself. Restarts the local broker's RabbitMQ application
//! (`rabbitmqctl stop_app` / `start_app`: every connection drops and the
//! queues come back from disk), so this is a test binary of its own. Skips
//! (failing in CI) without the broker.

use std::collections::BTreeSet;
use std::process::Command;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use trift::Protocol;
use trift_messaging::{Address, AmqpBroker, Broker, Source};
use trift_rpc_tests::messaging::{client, serve_test};

fn url() -> String {
    std::env::var("TRIFT_AMQP_URL")
        .unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".to_owned())
}

fn rabbitmqctl(command: &str) {
    let output = Command::new("rabbitmqctl")
        .args(["-q", command])
        .output()
        .expect("run rabbitmqctl");
    assert!(
        output.status.success(),
        "rabbitmqctl {command} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::test]
async fn persistent_messages_survive_a_broker_restart() {
    let broker: Arc<dyn Broker> = match AmqpBroker::connect(&url()).await {
        Ok(broker) => Arc::new(broker),
        Err(err) => {
            trift_test_skip::skip(&format!(
                "RabbitMQ is not reachable at {} ({err}); tests/setup.sh installs and starts rabbitmq-server",
                url()
            ));
            return;
        }
    };
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|since| since.as_nanos())
        .unwrap_or_default();
    let queue = format!("trift-test.restart.{nanos}");
    let publisher = client(&broker, Address::queue(&queue), Protocol::Binary);
    let mut sent = BTreeSet::new();
    for i in 0..200 {
        let event = format!("before-{i}");
        publisher.notify(event.clone()).await.expect("publish");
        sent.insert(event);
    }
    tokio::task::spawn_blocking(|| {
        rabbitmqctl("stop_app");
        rabbitmqctl("start_app");
        rabbitmqctl("await_startup");
    })
    .await
    .expect("restart");
    for i in 0..100 {
        let event = format!("after-{i}");
        publisher
            .notify(event.clone())
            .await
            .expect("publish after the restart (the connection recovered)");
        sent.insert(event);
    }
    let mut server = serve_test(&broker, Source::queue(&queue), "after-restart");
    let mut seen = BTreeSet::new();
    while seen.len() < sent.len() {
        seen.insert(server.next_event().await);
    }
    assert_eq!(seen, sent, "messages lost or invented across the restart");
}
