//! What a consumer receives: a [`Delivery`] of one message, to be settled
//! (acked, retried or dead-lettered) once handled; a delivery dropped
//! unsettled counts as failed and is redelivered.

use std::fmt;

use crate::broker::BoxFuture;
use crate::headers::Message;

/// How a broker implementation settles one delivery.
pub trait Settle: Send + 'static {
    /// The message was handled: remove it.
    fn ack(self: Box<Self>) -> BoxFuture<'static, ()>;
    /// Handling failed: deliver it again, or dead-letter it with `reason`
    /// once it has failed the configured number of times.
    fn retry(self: Box<Self>, reason: String) -> BoxFuture<'static, ()>;
    /// The message can never be handled: move it to the dead-letter queue
    /// with `reason` in its `death_reason` header.
    fn dead_letter(self: Box<Self>, reason: String) -> BoxFuture<'static, ()>;
}

/// One delivered message and its settlement.
pub struct Delivery {
    /// The message.
    pub message: Message,
    /// How many times this message has been delivered, this one included.
    pub attempt: u32,
    settle: Box<dyn Settle>,
}

impl Delivery {
    /// A delivery of `message` (delivered `attempt` times so far, this one
    /// included), settled through `settle`.
    pub fn new(message: Message, attempt: u32, settle: Box<dyn Settle>) -> Self {
        Delivery {
            message,
            attempt,
            settle,
        }
    }

    /// Acknowledges the message: it is removed from its queue.
    pub async fn ack(self) {
        self.settle.ack().await;
    }

    /// Returns the message for another delivery (dead-lettered with
    /// `reason` once it has failed the queue's maximum number of times).
    pub async fn retry(self, reason: impl Into<String>) {
        self.settle.retry(reason.into()).await;
    }

    /// Moves the message to its queue's dead-letter queue with `reason`.
    pub async fn dead_letter(self, reason: impl Into<String>) {
        self.settle.dead_letter(reason.into()).await;
    }
}

impl fmt::Debug for Delivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Delivery")
            .field("message", &self.message)
            .field("attempt", &self.attempt)
            .finish_non_exhaustive()
    }
}

/// A broker implementation's stream of deliveries.
pub trait DeliveryStream: Send + 'static {
    /// The next delivery; `None` once the consumer is closed.
    fn next(&mut self) -> BoxFuture<'_, Option<Delivery>>;
}

/// A consumer of one queue or subscription.
pub struct Consumer {
    stream: Box<dyn DeliveryStream>,
}

impl Consumer {
    /// A consumer over a broker implementation's `stream`.
    pub fn new(stream: impl DeliveryStream) -> Self {
        Consumer {
            stream: Box::new(stream),
        }
    }

    /// The next delivery; `None` once the consumer is closed.
    pub async fn next(&mut self) -> Option<Delivery> {
        self.stream.next().await
    }
}

impl fmt::Debug for Consumer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Consumer").finish_non_exhaustive()
    }
}
