//! The messaging behaviour tests against a real RabbitMQ (the same
//! scenarios as `messaging_embedded.rs`), at `TRIFT_AMQP_URL` (default
//! `amqp://guest:guest@127.0.0.1:5672/%2f`; `tests/setup.sh` installs and
//! starts Debian's rabbitmq-server). Without a reachable broker they skip,
//! which fails in CI.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use trift_messaging::{AmqpBroker, Broker};
use trift_rpc_tests::messaging as scenario;

/// The broker's URL.
pub fn url() -> String {
    std::env::var("TRIFT_AMQP_URL")
        .unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".to_owned())
}

/// A connected broker, or `None` after skipping the test.
async fn broker() -> Option<Arc<dyn Broker>> {
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

/// Queue and topic names of this run, apart from every other run's.
fn prefix(test: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|since| since.as_nanos())
        .unwrap_or_default();
    format!("trift-test.{test}.{}.{nanos}", std::process::id())
}

macro_rules! on_rabbitmq {
    ($($name:ident $(($arg:expr))?),* $(,)?) => {$(
        #[tokio::test]
        async fn $name() {
            let Some(broker) = broker().await else { return };
            scenario::$name(broker, &prefix(stringify!($name)) $(, $arg)?).await;
        }
    )*};
}

on_rabbitmq! {
    notifications_reach_one_consumer_each,
    request_response_behaves_as_over_tcp,
    deadlines_apply,
    events_reach_every_subscription_once,
    replies_are_gathered_with_their_senders,
    bad_messages_are_dead_lettered,
    oversize_messages_are_refused,
    messages_wait_for_a_consumer(1_000),
    a_dead_consumers_message_is_redelivered,
}
