//! `msgbench [embedded|amqp URL] [messages]`: messages/s and p50/p99
//! latency from publish to handler, for a small (16 B) and a ~1 KiB
//! payload, with one consumer and with four, through trift-messaging (the
//! generated `Sink` client and server) on the embedded broker and on
//! RabbitMQ, and through a bare lapin publisher/consumer moving the same
//! bytes with the same guarantees (persistent, publisher confirms, manual
//! acks after the handler, the same prefetch). Every cell publishes from
//! `IN_FLIGHT` concurrent publishers.

mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use generated::msgbench::{Sink, SinkClient, SinkPutError, SinkServer};
use lapin::options::{
    BasicAckOptions, BasicConsumeOptions, BasicPublishOptions, BasicQosOptions,
    ConfirmSelectOptions, QueueDeclareOptions,
};
use lapin::types::{FieldTable, ShortString};
use lapin::{BasicProperties, Connection, ConnectionProperties};
use tokio::sync::Notify;
use trift::Bytes;
use trift_messaging::{
    Address, AmqpBroker, AmqpConfig, Broker, EmbeddedBroker, MessagingChannel, ServeConfig,
    Source, serve,
};

static START: LazyLock<Instant> = LazyLock::new(Instant::now);

fn now_nanos() -> i64 {
    i64::try_from(START.elapsed().as_nanos()).unwrap_or(i64::MAX)
}

/// Publishers running at once in every cell.
const IN_FLIGHT: usize = 64;
/// The consumers' prefetch (RabbitMQ) in every cell.
const PREFETCH: u16 = 64;

/// What the consumers saw.
#[derive(Default)]
struct Tally {
    latencies: Mutex<Vec<u64>>,
    seen: AtomicUsize,
    expected: AtomicUsize,
    done: Notify,
}

impl Tally {
    fn record(&self, sent: i64) {
        let latency = u64::try_from(now_nanos().saturating_sub(sent)).unwrap_or_default();
        if let Ok(mut latencies) = self.latencies.lock() {
            latencies.push(latency);
        }
        if self.seen.fetch_add(1, Ordering::AcqRel) + 1 == self.expected.load(Ordering::Acquire) {
            self.done.notify_one();
        }
    }
}

struct Handler(Arc<Tally>);

impl Sink for Handler {
    async fn put(&self, sent_nanos: i64, _payload: Bytes) -> Result<(), SinkPutError> {
        self.0.record(sent_nanos);
        Ok(())
    }
}

struct Cell {
    messages_per_s: f64,
    p50: Duration,
    p99: Duration,
}

fn summarize(tally: &Tally, messages: usize, elapsed: Duration) -> Cell {
    let mut latencies = tally.latencies.lock().map(|l| l.clone()).unwrap_or_default();
    latencies.sort_unstable();
    let at = |q: f64| {
        let index = ((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1));
        Duration::from_nanos(latencies.get(index).copied().unwrap_or_default())
    };
    Cell {
        messages_per_s: messages as f64 / elapsed.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
    }
}

/// Publishes `messages` from `IN_FLIGHT` tasks through `publish`, waits
/// until the tally saw them all.
async fn drive<F, Fut>(tally: &Arc<Tally>, messages: usize, publish: F) -> Duration
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send,
{
    tally.expected.store(messages, Ordering::Release);
    let done = tally.done.notified();
    tokio::pin!(done);
    done.as_mut().enable();
    let started = Instant::now();
    let publish = Arc::new(publish);
    let left = Arc::new(AtomicUsize::new(messages));
    let mut publishers = Vec::new();
    for _ in 0..IN_FLIGHT {
        let publish = Arc::clone(&publish);
        let left = Arc::clone(&left);
        publishers.push(tokio::spawn(async move {
            while left
                .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1))
                .is_ok()
            {
                publish().await;
            }
        }));
    }
    for publisher in publishers {
        let _ = publisher.await;
    }
    if tally.seen.load(Ordering::Acquire) < messages {
        done.await;
    }
    started.elapsed()
}

async fn trift_cell(
    broker: Arc<dyn Broker>,
    queue: String,
    payload: usize,
    consumers: usize,
    messages: usize,
) -> Cell {
    let tally = Arc::new(Tally::default());
    let mut tasks = Vec::new();
    for _ in 0..consumers {
        let config = ServeConfig {
            concurrency: usize::from(PREFETCH),
            ..ServeConfig::default()
        };
        let server = SinkServer::new(Handler(Arc::clone(&tally)));
        tasks.push(tokio::spawn(serve(
            Arc::clone(&broker),
            Source::queue(&queue),
            server,
            config,
        )));
    }
    let client = SinkClient::new(MessagingChannel::new(broker, Address::queue(&queue)));
    let body = Bytes::from(vec![0x5a; payload]);
    let elapsed = drive(&tally, messages, move || {
        let client = client.clone();
        let body = body.clone();
        async move {
            client.put(now_nanos(), body).await.expect("publish");
        }
    })
    .await;
    for task in tasks {
        task.abort();
    }
    summarize(&tally, messages, elapsed)
}

async fn lapin_cell(url: &str, queue: String, payload: usize, consumers: usize, messages: usize) -> Cell {
    let tally = Arc::new(Tally::default());
    let connection = Connection::connect(url, ConnectionProperties::default())
        .await
        .expect("connect");
    let publisher = connection.create_channel().await.expect("channel");
    publisher
        .confirm_select(ConfirmSelectOptions::default())
        .await
        .expect("confirms");
    let durable = QueueDeclareOptions {
        durable: true,
        ..QueueDeclareOptions::default()
    };
    publisher
        .queue_declare(ShortString::from(queue.as_str()), durable, FieldTable::default())
        .await
        .expect("declare");
    let mut tasks = Vec::new();
    for _ in 0..consumers {
        let channel = connection.create_channel().await.expect("channel");
        channel
            .basic_qos(PREFETCH, BasicQosOptions::default())
            .await
            .expect("qos");
        let mut consumer = channel
            .basic_consume(
                ShortString::from(queue.as_str()),
                ShortString::from(""),
                BasicConsumeOptions::default(),
                FieldTable::default(),
            )
            .await
            .expect("consume");
        let tally = Arc::clone(&tally);
        tasks.push(tokio::spawn(async move {
            let _channel = channel;
            while let Some(Ok(delivery)) = consumer.next().await {
                let sent = delivery
                    .data
                    .get(..8)
                    .and_then(|b| b.try_into().ok())
                    .map_or(0, i64::from_be_bytes);
                tally.record(sent);
                // Acked without waiting for the ack to go out, so that
                // several deliveries are in hand at once, as trift's
                // consumer has (up to its concurrency).
                tokio::spawn(async move {
                    let _ = delivery.ack(BasicAckOptions::default()).await;
                });
            }
        }));
    }
    // The same bytes trift sends: its encoded message is a little longer
    // (message header and field headers); the payload dominates.
    let elapsed = drive(&tally, messages, move || {
        let publisher = publisher.clone();
        let queue = queue.clone();
        async move {
            let mut body = now_nanos().to_be_bytes().to_vec();
            body.resize(8 + payload + 30, 0x5a);
            publisher
                .basic_publish(
                    ShortString::from(""),
                    ShortString::from(queue.as_str()),
                    BasicPublishOptions::default(),
                    &body,
                    BasicProperties::default()
                        .with_delivery_mode(2)
                        .with_content_type(ShortString::from("application/vnd.apache.thrift.binary")),
                )
                .await
                .expect("publish")
                .await
                .expect("confirm");
        }
    })
    .await;
    for task in tasks {
        task.abort();
    }
    summarize(&tally, messages, elapsed)
}

fn row(broker: &str, stack: &str, payload: usize, consumers: usize, cell: &Cell) {
    println!(
        "| {broker} | {stack} | {payload} B | {consumers} | {:.0} | {:.2} ms | {:.2} ms |",
        cell.messages_per_s,
        cell.p50.as_secs_f64() * 1e3,
        cell.p99.as_secs_f64() * 1e3,
    );
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (url, messages) = match args.as_slice() {
        [mode] if mode == "embedded" => (None, 50_000),
        [mode, n] if mode == "embedded" => (None, n.parse().expect("a message count")),
        [mode, url] if mode == "amqp" => (Some(url.clone()), 10_000),
        [mode, url, n] if mode == "amqp" => (Some(url.clone()), n.parse().expect("a message count")),
        _ => {
            eprintln!("usage: msgbench embedded [messages] | msgbench amqp URL [messages]");
            std::process::exit(2);
        }
    };
    LazyLock::force(&START);
    println!("| broker | stack | payload | consumers | messages/s | p50 | p99 |");
    println!("|---|---|---|---|---|---|---|");
    let run = now_nanos();
    for payload in [16, 1024] {
        for consumers in [1, 4] {
            let queue = format!("msgbench.{run}.{payload}.{consumers}");
            match &url {
                None => {
                    let broker: Arc<dyn Broker> = Arc::new(EmbeddedBroker::new());
                    let cell = trift_cell(broker, queue, payload, consumers, messages).await;
                    row("embedded", "trift-messaging", payload, consumers, &cell);
                }
                Some(url) => {
                    let config = AmqpConfig {
                        prefetch: PREFETCH,
                        ..AmqpConfig::default()
                    };
                    let broker: Arc<dyn Broker> =
                        Arc::new(AmqpBroker::connect_with(url, config).await.expect("connect"));
                    let cell =
                        lapin_cell(url, format!("{queue}.lapin"), payload, consumers, messages).await;
                    row("RabbitMQ", "bare lapin", payload, consumers, &cell);
                    let cell = trift_cell(broker, queue, payload, consumers, messages).await;
                    row("RabbitMQ", "trift-messaging", payload, consumers, &cell);
                }
            }
        }
    }
}
