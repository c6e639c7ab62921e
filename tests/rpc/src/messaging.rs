//! The messaging behaviour tests, written once against the `Broker`
//! abstraction so that the same scenarios run on the embedded broker and
//! on RabbitMQ: every interaction style with the generated `Calculator`
//! client and server, bad messages and the dead-letter queue, limits,
//! buffering with no consumer and redelivery after a consumer died.
//! Every scenario names its queues and topics after `prefix`, so runs
//! against a shared broker do not meet.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use trift::protocol::{Limits, MessageType};
use trift::{ApplicationExceptionKind, ClientRequest, Error, Protocol};
use trift_messaging::{
    Address, Broker, ChannelConfig, Gather, Message, MessagingChannel, ServeConfig, Source, serve,
};

use crate::generated::rpc_test::{
    BasePingArgs, CalculatorClient, CalculatorDivideError, CalculatorNotifyArgs, CalculatorServer,
};
use crate::handlers::TestHandler;

/// How long a scenario waits for something that must happen before it
/// fails instead of hanging (a guard, not a measurement).
pub const PATIENCE: Duration = Duration::from_secs(30);

/// A consumer serving a `TestHandler` on a source, and the events its
/// `notify` saw.
pub struct Served {
    /// The events this consumer's handler saw, in order.
    pub events: mpsc::UnboundedReceiver<String>,
    task: JoinHandle<()>,
}

impl Served {
    /// The next event, failing the test after [`PATIENCE`].
    pub async fn next_event(&mut self) -> String {
        tokio::time::timeout(PATIENCE, self.events.recv())
            .await
            .expect("an event within the patience")
            .expect("the handler is alive")
    }

    /// Stops the consumer (messages in its hands are redelivered).
    pub fn stop(&self) {
        self.task.abort();
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves `source` on `broker` with a fresh `TestHandler`, replies naming
/// `sender`.
pub fn serve_test(broker: &Arc<dyn Broker>, source: Source, sender: &str) -> Served {
    serve_with(broker, source, sender, ServeConfig::default())
}

/// [`serve_test`] with `config` (its sender is replaced by `sender`).
pub fn serve_with(
    broker: &Arc<dyn Broker>,
    source: Source,
    sender: &str,
    mut config: ServeConfig,
) -> Served {
    let (handler, events) = TestHandler::new();
    config.sender = Some(sender.to_owned());
    let broker = Arc::clone(broker);
    let task = tokio::spawn(async move {
        if let Err(err) = serve(broker, source, CalculatorServer::new(handler), config).await {
            panic!("serving failed: {err}");
        }
    });
    Served { events, task }
}

/// A generated client over `to`.
pub fn client(
    broker: &Arc<dyn Broker>,
    to: Address,
    protocol: Protocol,
) -> CalculatorClient<MessagingChannel> {
    let config = ChannelConfig {
        protocol,
        ..ChannelConfig::default()
    };
    CalculatorClient::new(MessagingChannel::with_config(
        Arc::clone(broker),
        to,
        config,
    ))
}

/// Declares `source` so that what is published from now on waits for it.
pub async fn declare(broker: &Arc<dyn Broker>, source: &Source) {
    broker.declare(source).await.expect("declare");
}

/// The next dead letter of `source`, acked.
pub async fn next_dead_letter(broker: &Arc<dyn Broker>, source: &Source) -> Message {
    let mut consumer = broker
        .consume(&source.dead_letters())
        .await
        .expect("consume the dead letters");
    let delivery = tokio::time::timeout(PATIENCE, consumer.next())
        .await
        .expect("a dead letter within the patience")
        .expect("the consumer is open");
    let message = delivery.message.clone();
    delivery.ack().await;
    message
}

/// The first `count` events any of `consumers` saw, failing the test
/// after [`PATIENCE`].
pub async fn events_of(consumers: &mut [Served], count: usize) -> Vec<String> {
    let give_up = tokio::time::Instant::now() + PATIENCE;
    let mut seen = Vec::new();
    while seen.len() < count {
        for consumer in consumers.iter_mut() {
            while let Ok(event) = consumer.events.try_recv() {
                seen.push(event);
            }
        }
        assert!(
            tokio::time::Instant::now() < give_up,
            "only {} of {count} events",
            seen.len()
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    seen
}

/// Notifications: a oneway call on a queue reaches exactly one of the
/// queue's consumers, which share the work.
pub async fn notifications_reach_one_consumer_each(broker: Arc<dyn Broker>, prefix: &str) {
    let queue = format!("{prefix}.notify");
    let mut consumers: Vec<Served> = (0..3)
        .map(|i| serve_test(&broker, Source::queue(&queue), &format!("worker-{i}")))
        .collect();
    let client = client(&broker, Address::queue(&queue), Protocol::Binary);
    let sent: BTreeSet<String> = (0..30).map(|i| format!("event-{i}")).collect();
    for event in &sent {
        client.notify(event.clone()).await.expect("publish");
    }
    let seen = events_of(&mut consumers, sent.len()).await;
    let distinct: BTreeSet<String> = seen.iter().cloned().collect();
    assert_eq!(seen.len(), distinct.len(), "an event was handled twice");
    assert_eq!(distinct, sent);
}

/// Request/async response in every protocol: results, declared exceptions,
/// panics and unknown methods behave as over TCP, and the consumer keeps
/// serving.
pub async fn request_response_behaves_as_over_tcp(broker: Arc<dyn Broker>, prefix: &str) {
    let queue = format!("{prefix}.calls");
    let _server = serve_test(&broker, Source::queue(&queue), "calculator");
    for protocol in [Protocol::Binary, Protocol::Compact, Protocol::Json] {
        let client = client(&broker, Address::queue(&queue), protocol);
        assert_eq!(client.add(20, 22).await.expect("add"), 42, "{protocol}");
        assert_eq!(client.ping().await.expect("ping"), "pong");
        match client.divide(1, 0).await {
            Err(CalculatorDivideError::Zero(zero)) => assert_eq!(zero.message, "division by zero"),
            other => panic!("expected DivideByZero, got {other:?}"),
        }
        match client.crash().await {
            Err(trift::Error::Application(err)) => {
                assert_eq!(err.kind, ApplicationExceptionKind::InternalError)
            }
            other => panic!("expected INTERNAL_ERROR, got {other:?}"),
        }
        let unknown = ClientRequest::call("no_such_method", BasePingArgs {});
        let reply = tower::ServiceExt::oneshot(client.service().clone(), unknown)
            .await
            .expect("a reply");
        match reply.decode_result::<crate::generated::rpc_test::BasePingResult>() {
            Err(Error::Application(err)) => {
                assert_eq!(err.kind, ApplicationExceptionKind::UnknownMethod)
            }
            other => panic!("expected UNKNOWN_METHOD, got {other:?}"),
        }
        assert_eq!(client.add(1, 2).await.expect("still serving"), 3);
    }
}

/// The deadline: a reply that does not come within the channel's timeout
/// fails the call with `CallTimeout`.
pub async fn deadlines_apply(broker: Arc<dyn Broker>, prefix: &str) {
    let queue = format!("{prefix}.slow");
    let _server = serve_test(&broker, Source::queue(&queue), "slow");
    let config = ChannelConfig {
        timeout: Duration::from_millis(200),
        ..ChannelConfig::default()
    };
    let channel =
        MessagingChannel::with_config(Arc::clone(&broker), Address::queue(&queue), config);
    let client = CalculatorClient::new(channel);
    match client.delayed_echo(1, 5_000).await {
        Err(err) => assert!(
            format!("{err:?}").contains("CallTimeout"),
            "expected a call timeout, got {err:?}"
        ),
        Ok(value) => panic!("expected a timeout, got {value}"),
    }
    assert_eq!(client.delayed_echo(2, 0).await.expect("a quick call"), 2);
}

/// Publish/subscribe: a oneway call on a topic reaches every subscription,
/// and the consumers of one subscription share its messages.
pub async fn events_reach_every_subscription_once(broker: Arc<dyn Broker>, prefix: &str) {
    let topic = format!("{prefix}.trips");
    let dispatcher = Source::subscription(&topic, "dispatcher");
    let notifier = Source::subscription(&topic, "notifier");
    declare(&broker, &dispatcher).await;
    declare(&broker, &notifier).await;
    let mut dispatchers: Vec<Served> = (0..2)
        .map(|i| serve_test(&broker, dispatcher.clone(), &format!("dispatcher-{i}")))
        .collect();
    let mut notifiers = serve_test(&broker, notifier, "notifier");
    let client = client(&broker, Address::topic(&topic), Protocol::Compact);
    let sent: BTreeSet<String> = (0..10).map(|i| format!("trip-{i}")).collect();
    for event in &sent {
        client.notify(event.clone()).await.expect("publish");
    }
    let mut notified = BTreeSet::new();
    for _ in 0..sent.len() {
        assert!(
            notified.insert(notifiers.next_event().await),
            "notified twice"
        );
    }
    assert_eq!(notified, sent);
    let dispatched = events_of(&mut dispatchers, sent.len()).await;
    let distinct: BTreeSet<String> = dispatched.iter().cloned().collect();
    assert_eq!(dispatched.len(), distinct.len(), "dispatched twice");
    assert_eq!(distinct, sent);
}

/// Publish/async responses: one request to a topic, a reply from every
/// subscription, each with its sender; none when no one subscribes.
pub async fn replies_are_gathered_with_their_senders(broker: Arc<dyn Broker>, prefix: &str) {
    let topic = format!("{prefix}.offers");
    let drivers: Vec<Served> = (0..3)
        .map(|i| {
            let source = Source::subscription(&topic, format!("driver-{i}"));
            serve_test(&broker, source, &format!("driver-{i}"))
        })
        .collect();
    for i in 0..3 {
        declare(
            &broker,
            &Source::subscription(&topic, format!("driver-{i}")),
        )
        .await;
    }
    let gather = Gather::new(Arc::clone(&broker), &topic, ChannelConfig::default());
    let replies = gather
        .collect(PATIENCE, 3, |service| async move {
            CalculatorClient::new(service).add(2, 3).await
        })
        .await;
    let senders: BTreeSet<String> = replies.iter().map(|reply| reply.sender.clone()).collect();
    let expected: BTreeSet<String> = (0..3).map(|i| format!("driver-{i}")).collect();
    assert_eq!(senders, expected);
    for reply in &replies {
        assert_eq!(reply.reply.as_ref().ok(), Some(&5), "{reply:?}");
    }
    drop(drivers);
    let nobody = Gather::new(
        Arc::clone(&broker),
        format!("{prefix}.empty"),
        ChannelConfig::default(),
    );
    let replies = nobody
        .collect(Duration::from_millis(100), 3, |service| async move {
            CalculatorClient::new(service).add(2, 3).await
        })
        .await;
    assert!(replies.is_empty(), "{replies:?}");
}

/// Bad messages go to the dead-letter queue with the reason, and the
/// consumer keeps serving.
pub async fn bad_messages_are_dead_lettered(broker: Arc<dyn Broker>, prefix: &str) {
    let queue = format!("{prefix}.bad");
    let source = Source::queue(&queue);
    let _server = serve_test(&broker, source.clone(), "bad");
    let to = Address::queue(&queue);
    let publish_raw = |content_type: &str, body: &'static [u8]| {
        let mut message = Message::new(Protocol::Binary, "raw", Bytes::from_static(body));
        message.headers.content_type = content_type.to_owned();
        message
    };
    broker
        .publish(&to, publish_raw("text/plain", b"hello"))
        .await
        .expect("publish");
    let dead = next_dead_letter(&broker, &source).await;
    assert!(reason(&dead).contains("content type"), "{dead:?}");
    broker
        .publish(
            &to,
            publish_raw(
                trift_messaging::headers::CONTENT_TYPE_BINARY,
                b"\x00\x01garbage",
            ),
        )
        .await
        .expect("publish");
    let dead = next_dead_letter(&broker, &source).await;
    assert!(reason(&dead).contains("undecodable"), "{dead:?}");
    let channel = MessagingChannel::new(Arc::clone(&broker), to.clone());
    let unknown = ClientRequest::oneway("no_such_method", BasePingArgs {});
    tower::ServiceExt::oneshot(channel.clone(), unknown)
        .await
        .expect("publish");
    let dead = next_dead_letter(&broker, &source).await;
    assert!(
        reason(&dead).contains("Unknown method no_such_method"),
        "{dead:?}"
    );
    // `notify` with the arguments of `ping`: its required field is missing.
    let wrong = ClientRequest::oneway("notify", BasePingArgs {});
    tower::ServiceExt::oneshot(channel.clone(), wrong)
        .await
        .expect("publish");
    let dead = next_dead_letter(&broker, &source).await;
    assert!(reason(&dead).contains("missing"), "{dead:?}");
    let reply_kind = ClientRequest {
        method: "notify".into(),
        kind: MessageType::Reply,
        args: Arc::new(CalculatorNotifyArgs {
            event: "x".to_owned(),
        }),
        idempotent: false,
    };
    tower::ServiceExt::oneshot(channel, reply_kind).await.ok();
    let dead = next_dead_letter(&broker, &source).await;
    assert!(
        reason(&dead).contains("expected a call or oneway"),
        "{dead:?}"
    );
    let client = client(&broker, to, Protocol::Binary);
    assert_eq!(client.add(40, 2).await.expect("still serving"), 42);
}

fn reason(message: &Message) -> &str {
    message.headers.death_reason.as_deref().unwrap_or_default()
}

/// The message limits: a client refuses to publish an oversize request,
/// and a consumer dead-letters an oversize message unread.
pub async fn oversize_messages_are_refused(broker: Arc<dyn Broker>, prefix: &str) {
    let queue = format!("{prefix}.limits");
    let source = Source::queue(&queue);
    let limits = Limits {
        max_message_size: 256,
        ..Limits::default()
    };
    let config = ServeConfig {
        limits,
        ..ServeConfig::default()
    };
    let mut server = serve_with(&broker, source.clone(), "limited", config);
    let small = ChannelConfig {
        limits,
        ..ChannelConfig::default()
    };
    let refusing = CalculatorClient::new(MessagingChannel::with_config(
        Arc::clone(&broker),
        Address::queue(&queue),
        small,
    ));
    match refusing.notify("x".repeat(1_000)).await {
        Err(err) => assert!(format!("{err:?}").contains("FrameTooLarge"), "{err:?}"),
        Ok(()) => panic!("an oversize notification was published"),
    }
    let client = client(&broker, Address::queue(&queue), Protocol::Binary);
    client.notify("y".repeat(1_000)).await.expect("publish");
    let dead = next_dead_letter(&broker, &source).await;
    assert!(reason(&dead).contains("exceeds the limit"), "{dead:?}");
    client.notify("small".to_owned()).await.expect("publish");
    assert_eq!(server.next_event().await, "small");
}

/// Buffering: messages published while no consumer runs are all delivered
/// once one starts.
pub async fn messages_wait_for_a_consumer(broker: Arc<dyn Broker>, prefix: &str, count: usize) {
    let queue = format!("{prefix}.buffered");
    let client = client(&broker, Address::queue(&queue), Protocol::Binary);
    for i in 0..count {
        client.notify(format!("m{i}")).await.expect("publish");
    }
    let mut server = serve_test(&broker, Source::queue(&queue), "late");
    let mut seen = BTreeSet::new();
    for _ in 0..count {
        seen.insert(server.next_event().await);
    }
    assert_eq!(seen.len(), count);
}

/// Redelivery: a consumer that dies holding a message unacked leaves it to
/// the next consumer.
pub async fn a_dead_consumers_message_is_redelivered(broker: Arc<dyn Broker>, prefix: &str) {
    let queue = format!("{prefix}.redeliver");
    let source = Source::queue(&queue);
    let client = client(&broker, Address::queue(&queue), Protocol::Binary);
    client.notify("survivor".to_owned()).await.expect("publish");
    {
        let mut dying = broker.consume(&source).await.expect("consume");
        let delivery = tokio::time::timeout(PATIENCE, dying.next())
            .await
            .expect("a delivery")
            .expect("open");
        assert_eq!(delivery.attempt, 1);
        // The consumer dies mid-message: neither acked nor retried.
        drop(delivery);
        drop(dying);
    }
    let mut server = serve_test(&broker, source, "heir");
    assert_eq!(server.next_event().await, "survivor");
}
