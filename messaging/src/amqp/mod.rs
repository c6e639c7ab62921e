//! RabbitMQ over AMQP 0-9-1, with lapin. The framework declares what it
//! uses, durable: a queue is a durable classic queue of that name (with
//! `<name>.dead-letter` beside it), a topic a durable fanout exchange of
//! that name, a subscription a durable queue `<topic>.<name>` bound to it,
//! and a client's reply queue a server-named exclusive queue. Messages are
//! persistent and every publish waits for the broker's confirm. Consumers
//! ack after the handler, with a bounded prefetch; a retry republishes the
//! message with its attempt count and acks the old delivery, and after
//! [`AmqpConfig::max_deliveries`] the message goes to the dead-letter
//! queue with the reason. The connection recovers by itself (lapin's
//! automatic recovery: reconnect, then declarations and consumers
//! replayed).

mod consumer;
pub mod properties;

use std::collections::HashSet;
use std::sync::{Arc, Mutex, MutexGuard};

use lapin::options::{
    BasicPublishOptions, ConfirmSelectOptions, ExchangeDeclareOptions, QueueBindOptions,
    QueueDeclareOptions,
};
use lapin::types::{FieldTable, ShortString};
use lapin::{Channel, Connection, ConnectionProperties, ExchangeKind};

use crate::broker::{Address, BoxFuture, Broker, BrokerError, Source, dead_letter_queue};
use crate::delivery::Consumer;
use crate::headers::Message;

/// The RabbitMQ broker's settings.
#[derive(Debug, Clone, Copy)]
pub struct AmqpConfig {
    /// Unacked deliveries a consumer holds at most (basic.qos; default 32).
    pub prefetch: u16,
    /// Deliveries of one message before it is dead-lettered (default 5).
    pub max_deliveries: u32,
}

impl Default for AmqpConfig {
    fn default() -> Self {
        AmqpConfig {
            prefetch: 32,
            max_deliveries: 5,
        }
    }
}

/// A RabbitMQ broker. Cheap to clone: clones share the connection.
#[derive(Debug, Clone)]
pub struct AmqpBroker {
    inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    connection: Connection,
    publisher: Channel,
    config: AmqpConfig,
    declared: Mutex<HashSet<String>>,
}

pub(crate) fn connection_error(err: lapin::Error) -> BrokerError {
    BrokerError::Connection(err.to_string())
}

impl AmqpBroker {
    /// Connects to `uri` (`amqp://user:password@host:port/vhost`) with the
    /// default settings.
    pub async fn connect(uri: &str) -> Result<Self, BrokerError> {
        AmqpBroker::connect_with(uri, AmqpConfig::default()).await
    }

    /// Connects to `uri` with `config`.
    pub async fn connect_with(uri: &str, config: AmqpConfig) -> Result<Self, BrokerError> {
        let properties = ConnectionProperties::default().enable_auto_recover();
        let connection = Connection::connect(uri, properties)
            .await
            .map_err(connection_error)?;
        let publisher = connection
            .create_channel()
            .await
            .map_err(connection_error)?;
        publisher
            .confirm_select(ConfirmSelectOptions::default())
            .await
            .map_err(connection_error)?;
        Ok(AmqpBroker {
            inner: Arc::new(Inner {
                connection,
                publisher,
                config,
                declared: Mutex::default(),
            }),
        })
    }

    /// Closes the connection (consumers end, unacked messages go back to
    /// their queues).
    pub async fn close(&self) -> Result<(), BrokerError> {
        self.inner
            .connection
            .close(200, ShortString::from("closed"))
            .await
            .map_err(connection_error)
    }
}

impl Inner {
    fn declared(&self) -> MutexGuard<'_, HashSet<String>> {
        self.declared
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Declares the durable queue `name` and its dead-letter queue, once.
    async fn declare_queue(&self, name: &str) -> Result<(), BrokerError> {
        let key = format!("queue {name}");
        if self.declared().contains(&key) {
            return Ok(());
        }
        let durable = QueueDeclareOptions {
            durable: true,
            ..QueueDeclareOptions::default()
        };
        for queue in [dead_letter_queue(name), name.to_owned()] {
            self.publisher
                .queue_declare(ShortString::from(queue), durable, FieldTable::default())
                .await
                .map_err(connection_error)?;
        }
        self.declared().insert(key);
        Ok(())
    }

    /// Declares the durable fanout exchange `topic`, once.
    async fn declare_topic(&self, topic: &str) -> Result<(), BrokerError> {
        let key = format!("topic {topic}");
        if self.declared().contains(&key) {
            return Ok(());
        }
        let durable = ExchangeDeclareOptions {
            durable: true,
            ..ExchangeDeclareOptions::default()
        };
        self.publisher
            .exchange_declare(
                ShortString::from(topic),
                ExchangeKind::Fanout,
                durable,
                FieldTable::default(),
            )
            .await
            .map_err(connection_error)?;
        self.declared().insert(key);
        Ok(())
    }

    async fn declare(&self, source: &Source) -> Result<(), BrokerError> {
        let queue = source.queue_name();
        self.declare_queue(&queue).await?;
        if let Source::Subscription { topic, .. } = source {
            self.declare_topic(topic).await?;
            let key = format!("binding {queue}");
            if !self.declared().contains(&key) {
                self.publisher
                    .queue_bind(
                        ShortString::from(queue.as_str()),
                        ShortString::from(topic.as_str()),
                        ShortString::from(""),
                        QueueBindOptions::default(),
                        FieldTable::default(),
                    )
                    .await
                    .map_err(connection_error)?;
                self.declared().insert(key);
            }
        }
        Ok(())
    }

    /// Publishes `message` persistent to `exchange` with `routing_key` and
    /// waits for the broker's confirm; retried once after the connection
    /// recovered.
    pub(crate) async fn publish_raw(
        &self,
        exchange: &str,
        routing_key: &str,
        message: &Message,
        attempt: Option<u32>,
    ) -> Result<(), BrokerError> {
        let properties = properties::to_properties(&message.headers, attempt);
        let mut recovered = false;
        loop {
            let published = async {
                self.publisher
                    .basic_publish(
                        ShortString::from(exchange),
                        ShortString::from(routing_key),
                        BasicPublishOptions::default(),
                        &message.body,
                        properties.clone(),
                    )
                    .await?
                    .await
            }
            .await;
            match published {
                Ok(confirmation) if confirmation.is_nack() => {
                    return Err(BrokerError::Refused(format!(
                        "the broker did not take the message for {exchange:?}/{routing_key:?}"
                    )));
                }
                Ok(_) => return Ok(()),
                Err(err) if !recovered => {
                    tracing::warn!(error = %err, "publish failed; waiting for the connection to recover");
                    self.publisher
                        .wait_for_recovery(err)
                        .await
                        .map_err(connection_error)?;
                    recovered = true;
                }
                Err(err) => return Err(connection_error(err)),
            }
        }
    }
}

impl Broker for AmqpBroker {
    fn declare<'a>(&'a self, source: &'a Source) -> BoxFuture<'a, Result<(), BrokerError>> {
        Box::pin(self.inner.declare(source))
    }

    fn publish<'a>(
        &'a self,
        to: &'a Address,
        message: Message,
    ) -> BoxFuture<'a, Result<(), BrokerError>> {
        Box::pin(async move {
            match to {
                Address::Queue(queue) => {
                    self.inner.declare_queue(queue).await?;
                    self.inner.publish_raw("", queue, &message, None).await
                }
                Address::Topic(topic) => {
                    self.inner.declare_topic(topic).await?;
                    self.inner.publish_raw(topic, "", &message, None).await
                }
            }
        })
    }

    fn reply<'a>(
        &'a self,
        queue: &'a str,
        message: Message,
    ) -> BoxFuture<'a, Result<(), BrokerError>> {
        // Unroutable (the client is gone): RabbitMQ drops it.
        Box::pin(async move { self.inner.publish_raw("", queue, &message, None).await })
    }

    fn consume<'a>(&'a self, source: &'a Source) -> BoxFuture<'a, Result<Consumer, BrokerError>> {
        Box::pin(async move {
            self.inner.declare(source).await?;
            consumer::start(Arc::clone(&self.inner), source.queue_name(), false).await
        })
    }

    fn reply_queue(&self) -> BoxFuture<'_, Result<(String, Consumer), BrokerError>> {
        Box::pin(consumer::reply_queue(Arc::clone(&self.inner)))
    }
}

impl Inner {
    /// A new channel on the connection.
    pub(crate) async fn channel(&self) -> Result<Channel, BrokerError> {
        self.connection
            .create_channel()
            .await
            .map_err(connection_error)
    }

    /// The settings.
    pub(crate) fn config(&self) -> AmqpConfig {
        self.config
    }
}
