//! The embedded broker's own semantics, below the RPC layer: bounded
//! queues (refuse or backpressure), redelivery, dead-lettering after the
//! maximum number of deliveries, reply queues.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use bytes::Bytes;
use trift::Protocol;
use trift_messaging::{
    Address, Broker, BrokerError, EmbeddedBroker, EmbeddedConfig, Message, Overflow, Source,
};

fn message(text: &'static str) -> Message {
    Message::new(Protocol::Binary, "m", Bytes::from_static(text.as_bytes()))
}

fn config(overflow: Overflow) -> EmbeddedConfig {
    EmbeddedConfig {
        capacity: 2,
        overflow,
        max_deliveries: 3,
    }
}

/// Polls `future` once.
fn poll_once<F: Future>(future: std::pin::Pin<&mut F>) -> Poll<F::Output> {
    let mut cx = Context::from_waker(Waker::noop());
    future.poll(&mut cx)
}

#[tokio::test]
async fn a_full_queue_refuses_with_a_clear_error() {
    let broker = EmbeddedBroker::with_config(config(Overflow::Refuse));
    let to = Address::queue("q");
    broker.publish(&to, message("1")).await.unwrap();
    broker.publish(&to, message("2")).await.unwrap();
    match broker.publish(&to, message("3")).await {
        Err(BrokerError::Full { queue, capacity }) => {
            assert_eq!((queue.as_str(), capacity), ("q", 2));
        }
        other => panic!("expected Full, got {other:?}"),
    }
    // A settled message frees its slot.
    let mut consumer = broker.consume(&Source::queue("q")).await.unwrap();
    consumer.next().await.unwrap().ack().await;
    broker.publish(&to, message("3")).await.unwrap();
    assert_eq!(broker.ready(&Source::queue("q")), 2);
}

#[tokio::test]
async fn a_full_queue_applies_backpressure_until_a_message_is_settled() {
    let broker = EmbeddedBroker::with_config(config(Overflow::Wait));
    let to = Address::queue("q");
    broker.publish(&to, message("1")).await.unwrap();
    broker.publish(&to, message("2")).await.unwrap();
    let mut third = pin!(broker.publish(&to, message("3")));
    assert!(
        poll_once(third.as_mut()).is_pending(),
        "published into a full queue"
    );
    let mut consumer = broker.consume(&Source::queue("q")).await.unwrap();
    let delivery = consumer.next().await.unwrap();
    // Delivered but not settled still holds its slot.
    assert!(poll_once(third.as_mut()).is_pending());
    delivery.ack().await;
    third.await.unwrap();
}

#[tokio::test]
async fn failed_deliveries_are_retried_then_dead_lettered_with_the_reason() {
    let broker = EmbeddedBroker::with_config(config(Overflow::Refuse));
    broker
        .publish(&Address::queue("q"), message("poison"))
        .await
        .unwrap();
    let source = Source::queue("q");
    let mut consumer = broker.consume(&source).await.unwrap();
    for attempt in 1..=3 {
        let delivery = consumer.next().await.unwrap();
        assert_eq!(delivery.attempt, attempt);
        delivery.retry("handler failed").await;
    }
    assert_eq!(broker.ready(&source), 0);
    let mut dead = broker.consume(&source.dead_letters()).await.unwrap();
    let letter = dead.next().await.unwrap();
    assert_eq!(letter.message.body, Bytes::from_static(b"poison"));
    assert_eq!(
        letter.message.headers.death_reason.as_deref(),
        Some("handler failed (delivery 3 of at most 3)")
    );
    letter.ack().await;
    // The dead letter freed the slot of the original queue.
    broker
        .publish(&Address::queue("q"), message("1"))
        .await
        .unwrap();
    broker
        .publish(&Address::queue("q"), message("2"))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_delivery_dropped_unsettled_is_redelivered() {
    let broker = EmbeddedBroker::new();
    let source = Source::queue("q");
    broker
        .publish(&Address::queue("q"), message("x"))
        .await
        .unwrap();
    let mut consumer = broker.consume(&source).await.unwrap();
    drop(consumer.next().await.unwrap());
    let again = consumer.next().await.unwrap();
    assert_eq!(again.attempt, 2);
    assert_eq!(again.message.body, Bytes::from_static(b"x"));
    again.ack().await;
    assert_eq!(broker.ready(&source), 0);
}

#[tokio::test]
async fn topics_reach_declared_subscriptions_only() {
    let broker = EmbeddedBroker::new();
    let a = Source::subscription("t", "a");
    broker.declare(&a).await.unwrap();
    broker
        .publish(&Address::topic("t"), message("1"))
        .await
        .unwrap();
    let b = Source::subscription("t", "b");
    broker.declare(&b).await.unwrap();
    broker
        .publish(&Address::topic("t"), message("2"))
        .await
        .unwrap();
    assert_eq!(broker.ready(&a), 2);
    assert_eq!(broker.ready(&b), 1);
}

#[tokio::test]
async fn a_reply_queue_goes_away_with_its_consumer() {
    let broker = EmbeddedBroker::new();
    let (name, mut consumer) = broker.reply_queue().await.unwrap();
    broker.reply(&name, message("r")).await.unwrap();
    assert_eq!(
        consumer.next().await.unwrap().message.body,
        Bytes::from_static(b"r")
    );
    drop(consumer);
    // Replies to a client that is gone are dropped, not queued forever.
    broker.reply(&name, message("late")).await.unwrap();
    assert_eq!(broker.ready(&Source::queue(&name)), 0);
}
