//! Consuming from RabbitMQ: one channel per consumer with a bounded
//! prefetch, deliveries mapped to [`Delivery`]s whose settlement acks after
//! the handler, republishes a retry with its attempt count, or moves the
//! message to the dead-letter queue with the reason. Dropping a consumer
//! closes its channel, so RabbitMQ redelivers what it held unacked.

use std::sync::Arc;

use futures_util::StreamExt;
use lapin::Acker;
use lapin::Channel;
use lapin::options::{
    BasicAckOptions, BasicConsumeOptions, BasicNackOptions, BasicQosOptions, QueueDeclareOptions,
};
use lapin::types::{FieldTable, ShortString};

use super::{Inner, connection_error as lapin_error, properties};
use crate::broker::{BoxFuture, BrokerError, dead_letter_queue};
use crate::delivery::{Consumer, Delivery, DeliveryStream, Settle};
use crate::headers::Message;

/// Starts consuming `queue` on a channel of its own.
pub(crate) async fn start(
    inner: Arc<Inner>,
    queue: String,
    no_ack: bool,
) -> Result<Consumer, BrokerError> {
    let channel = inner.channel().await?;
    channel
        .basic_qos(inner.config().prefetch, BasicQosOptions::default())
        .await
        .map_err(lapin_error)?;
    let consumer = channel
        .basic_consume(
            ShortString::from(queue.as_str()),
            ShortString::from(""),
            BasicConsumeOptions {
                no_ack,
                ..BasicConsumeOptions::default()
            },
            FieldTable::default(),
        )
        .await
        .map_err(lapin_error)?;
    Ok(Consumer::new(AmqpStream {
        inner,
        channel,
        consumer,
        queue,
    }))
}

/// Declares a server-named exclusive reply queue and consumes it.
pub(crate) async fn reply_queue(inner: Arc<Inner>) -> Result<(String, Consumer), BrokerError> {
    let channel = inner.channel().await?;
    let exclusive = QueueDeclareOptions {
        exclusive: true,
        auto_delete: true,
        ..QueueDeclareOptions::default()
    };
    let queue = channel
        .queue_declare(ShortString::from(""), exclusive, FieldTable::default())
        .await
        .map_err(lapin_error)?;
    let name = queue.name().as_str().to_owned();
    let consumer = channel
        .basic_consume(
            ShortString::from(name.as_str()),
            ShortString::from(""),
            BasicConsumeOptions::default(),
            FieldTable::default(),
        )
        .await
        .map_err(lapin_error)?;
    let stream = AmqpStream {
        inner,
        channel,
        consumer,
        queue: name.clone(),
    };
    Ok((name, Consumer::new(stream)))
}

struct AmqpStream {
    inner: Arc<Inner>,
    channel: Channel,
    consumer: lapin::Consumer,
    queue: String,
}

impl DeliveryStream for AmqpStream {
    fn next(&mut self) -> BoxFuture<'_, Option<Delivery>> {
        Box::pin(async move {
            loop {
                match self.consumer.next().await? {
                    Ok(delivery) => return Some(self.delivery(delivery)),
                    Err(err) => {
                        tracing::warn!(queue = %self.queue, error = %err, "consumer failed; waiting for the connection to recover");
                        if let Err(err) = self.channel.wait_for_recovery(err).await {
                            tracing::error!(queue = %self.queue, error = %err, "the connection did not recover");
                            return None;
                        }
                    }
                }
            }
        })
    }
}

impl AmqpStream {
    fn delivery(&self, delivery: lapin::message::Delivery) -> Delivery {
        let (headers, counted) = properties::from_properties(&delivery.properties);
        // A redelivery by RabbitMQ (its consumer died) counts as a failed
        // delivery too.
        let attempt = counted.saturating_add(u32::from(delivery.redelivered));
        let message = Message {
            headers,
            body: delivery.data.into(),
        };
        let settle = AmqpSettle {
            inner: Arc::clone(&self.inner),
            acker: Some(delivery.acker),
            message: message.clone(),
            queue: self.queue.clone(),
            attempt,
        };
        Delivery::new(message, attempt, Box::new(settle))
    }
}

impl Drop for AmqpStream {
    fn drop(&mut self) {
        let channel = self.channel.clone();
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Err(err) = channel
                    .close(200, ShortString::from("consumer dropped"))
                    .await
                {
                    tracing::debug!(error = %err, "closing a consumer's channel");
                }
            });
        }
    }
}

struct AmqpSettle {
    inner: Arc<Inner>,
    acker: Option<Acker>,
    message: Message,
    queue: String,
    attempt: u32,
}

async fn ack(acker: Acker) {
    if let Err(err) = acker.ack(BasicAckOptions::default()).await {
        tracing::warn!(error = %err, "ack failed; the message will be redelivered");
    }
}

async fn requeue(acker: Acker) {
    let options = BasicNackOptions {
        requeue: true,
        ..BasicNackOptions::default()
    };
    if let Err(err) = acker.nack(options).await {
        tracing::warn!(error = %err, "nack failed; the message will be redelivered");
    }
}

impl AmqpSettle {
    /// Publishes the message to `queue` (confirmed), then acks the
    /// delivery; if that publish fails, the delivery goes back instead.
    async fn move_to(
        inner: Arc<Inner>,
        acker: Acker,
        message: Message,
        queue: String,
        attempt: Option<u32>,
    ) {
        match inner.publish_raw("", &queue, &message, attempt).await {
            Ok(()) => ack(acker).await,
            Err(err) => {
                tracing::warn!(%queue, error = %err, "could not move the message; requeued");
                requeue(acker).await;
            }
        }
    }
}

impl Settle for AmqpSettle {
    fn ack(mut self: Box<Self>) -> BoxFuture<'static, ()> {
        let acker = self.acker.take();
        Box::pin(async move {
            if let Some(acker) = acker {
                ack(acker).await;
            }
        })
    }

    fn retry(mut self: Box<Self>, reason: String) -> BoxFuture<'static, ()> {
        let max = self.inner.config().max_deliveries;
        if self.attempt >= max {
            let reason = format!("{reason} (delivery {} of at most {max})", self.attempt);
            return self.dead_letter(reason);
        }
        let acker = self.acker.take();
        let inner = Arc::clone(&self.inner);
        let message = self.message.clone();
        let queue = self.queue.clone();
        let attempt = self.attempt.saturating_add(1);
        Box::pin(async move {
            if let Some(acker) = acker {
                tracing::debug!(%queue, %reason, "message will be redelivered");
                AmqpSettle::move_to(inner, acker, message, queue, Some(attempt)).await;
            }
        })
    }

    fn dead_letter(mut self: Box<Self>, reason: String) -> BoxFuture<'static, ()> {
        let acker = self.acker.take();
        let inner = Arc::clone(&self.inner);
        let mut message = self.message.clone();
        let queue = dead_letter_queue(&self.queue);
        Box::pin(async move {
            if let Some(acker) = acker {
                tracing::warn!(queue = %queue, message_id = %message.headers.message_id, %reason, "message dead-lettered");
                message.headers.death_reason = Some(reason);
                AmqpSettle::move_to(inner, acker, message, queue, None).await;
            }
        })
    }
}

impl Drop for AmqpSettle {
    fn drop(&mut self) {
        if let Some(acker) = self.acker.take()
            && let Ok(runtime) = tokio::runtime::Handle::try_current()
        {
            runtime.spawn(requeue(acker));
        }
    }
}
