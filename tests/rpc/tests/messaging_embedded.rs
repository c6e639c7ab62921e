//! The messaging behaviour tests on the embedded broker (the same
//! scenarios run on RabbitMQ in `messaging_amqp.rs`).

use std::sync::Arc;

use trift_messaging::{Broker, EmbeddedBroker};
use trift_rpc_tests::messaging as scenario;

fn broker() -> Arc<dyn Broker> {
    Arc::new(EmbeddedBroker::new())
}

#[tokio::test]
async fn notifications_reach_one_consumer_each() {
    scenario::notifications_reach_one_consumer_each(broker(), "t").await;
}

#[tokio::test]
async fn request_response_behaves_as_over_tcp() {
    scenario::request_response_behaves_as_over_tcp(broker(), "t").await;
}

#[tokio::test]
async fn deadlines_apply() {
    scenario::deadlines_apply(broker(), "t").await;
}

#[tokio::test]
async fn events_reach_every_subscription_once() {
    scenario::events_reach_every_subscription_once(broker(), "t").await;
}

#[tokio::test]
async fn replies_are_gathered_with_their_senders() {
    scenario::replies_are_gathered_with_their_senders(broker(), "t").await;
}

#[tokio::test]
async fn bad_messages_are_dead_lettered() {
    scenario::bad_messages_are_dead_lettered(broker(), "t").await;
}

#[tokio::test]
async fn oversize_messages_are_refused() {
    scenario::oversize_messages_are_refused(broker(), "t").await;
}

#[tokio::test]
async fn a_thousand_messages_wait_for_a_consumer() {
    scenario::messages_wait_for_a_consumer(broker(), "t", 1_000).await;
}

#[tokio::test]
async fn a_dead_consumers_message_is_redelivered() {
    scenario::a_dead_consumers_message_is_redelivered(broker(), "t").await;
}
