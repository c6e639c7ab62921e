//! The one broker abstraction: where messages go ([`Address`]), where they
//! are consumed from ([`Source`]), and the [`Broker`] trait both the
//! embedded broker and RabbitMQ implement.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::delivery::Consumer;
use crate::headers::Message;

/// A boxed, sendable future (the [`Broker`] trait is object safe).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Where a message is published.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Address {
    /// A point-to-point queue: each message reaches one of its consumers.
    Queue(String),
    /// A publish-subscribe topic: each message reaches every subscription.
    Topic(String),
}

impl Address {
    /// A point-to-point queue named `name`.
    pub fn queue(name: impl Into<String>) -> Self {
        Address::Queue(name.into())
    }

    /// A publish-subscribe topic named `name`.
    pub fn topic(name: impl Into<String>) -> Self {
        Address::Topic(name.into())
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Address::Queue(name) => write!(f, "queue {name}"),
            Address::Topic(name) => write!(f, "topic {name}"),
        }
    }
}

/// Where messages are consumed from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    /// A point-to-point queue; its consumers share its messages.
    Queue(String),
    /// A named subscription to a topic: it gets every message published to
    /// the topic after it was declared, and its consumers share them.
    Subscription {
        /// The topic.
        topic: String,
        /// The subscription's name (one per consuming service).
        name: String,
    },
}

impl Source {
    /// The point-to-point queue `name`.
    pub fn queue(name: impl Into<String>) -> Self {
        Source::Queue(name.into())
    }

    /// The subscription `name` of `topic`.
    pub fn subscription(topic: impl Into<String>, name: impl Into<String>) -> Self {
        Source::Subscription {
            topic: topic.into(),
            name: name.into(),
        }
    }

    /// The name of the queue holding this source's messages: the queue's
    /// own name, or `<topic>.<subscription>`.
    pub fn queue_name(&self) -> String {
        match self {
            Source::Queue(name) => name.clone(),
            Source::Subscription { topic, name } => format!("{topic}.{name}"),
        }
    }

    /// The source holding this source's dead letters.
    pub fn dead_letters(&self) -> Source {
        Source::Queue(dead_letter_queue(&self.queue_name()))
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Queue(name) => write!(f, "queue {name}"),
            Source::Subscription { topic, name } => write!(f, "subscription {name} of {topic}"),
        }
    }
}

/// The dead-letter queue of the queue `queue`.
pub fn dead_letter_queue(queue: &str) -> String {
    format!("{queue}.dead-letter")
}

/// Why a broker operation failed.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum BrokerError {
    /// A bounded queue is full and its overflow policy is to refuse.
    #[error("queue {queue} is full ({capacity} messages)")]
    Full {
        /// The queue.
        queue: String,
        /// Its capacity in messages.
        capacity: usize,
    },
    /// The message is larger than the configured limit.
    #[error("message of {size} bytes exceeds the limit of {max}")]
    TooLarge {
        /// The message's body size in bytes.
        size: usize,
        /// The limit in bytes.
        max: usize,
    },
    /// The broker is closed (shut down, or the connection is gone for good).
    #[error("broker closed")]
    Closed,
    /// The broker connection failed (a RabbitMQ error, with its text).
    #[error("broker connection: {0}")]
    Connection(String),
    /// The broker refused the message or an operation (a negative publisher
    /// confirm, a failed declaration).
    #[error("broker refused: {0}")]
    Refused(String),
}

/// A message broker. Publishing resolves once the broker holds the message
/// (the embedded broker has queued it; RabbitMQ has confirmed it).
/// Consuming declares what it consumes from, so messages published to a
/// queue or declared subscription wait until a consumer starts.
pub trait Broker: Send + Sync + fmt::Debug + 'static {
    /// Declares `source` (the queue, or the topic and the subscription bound
    /// to it) and its dead-letter queue, so that messages published from now
    /// on are kept for it.
    fn declare<'a>(&'a self, source: &'a Source) -> BoxFuture<'a, Result<(), BrokerError>>;

    /// Publishes `message` to `to`. A message for a topic with no
    /// subscription reaches no one, as on RabbitMQ.
    fn publish<'a>(
        &'a self,
        to: &'a Address,
        message: Message,
    ) -> BoxFuture<'a, Result<(), BrokerError>>;

    /// Publishes a reply to the reply queue `queue` (a `reply_to` header);
    /// dropped when the queue is gone, as its client is.
    fn reply<'a>(
        &'a self,
        queue: &'a str,
        message: Message,
    ) -> BoxFuture<'a, Result<(), BrokerError>>;

    /// Starts consuming from `source` (declaring it first).
    fn consume<'a>(&'a self, source: &'a Source) -> BoxFuture<'a, Result<Consumer, BrokerError>>;

    /// Creates a private reply queue for one client and consumes it: its
    /// name (to put in `reply_to`) and the consumer. The queue goes away
    /// with the consumer.
    fn reply_queue(&self) -> BoxFuture<'_, Result<(String, Consumer), BrokerError>>;
}
