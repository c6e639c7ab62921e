//! The embedded, in-process broker: the default, needing no server and no
//! configuration. Point-to-point queues and publish-subscribe topics whose
//! named subscriptions are queues of their own; every queue is bounded
//! ([`EmbeddedConfig::capacity`]) and a publish to a full one waits or is
//! refused ([`Overflow`]), never dropped. Deliveries are at least once:
//! a message leaves its queue when acked, comes back when retried or when
//! its delivery is dropped unsettled (its consumer died), and moves to the
//! queue's dead-letter queue after [`EmbeddedConfig::max_deliveries`]
//! failed deliveries. Messages live in memory: they do not survive the
//! process.

mod queue;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use queue::{Bound, Queue, QueueStream};

use crate::broker::{Address, BoxFuture, Broker, BrokerError, Source, dead_letter_queue};
use crate::delivery::Consumer;
use crate::headers::Message;

/// What a publish to a full queue does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Overflow {
    /// Wait until a consumer settles a message (backpressure).
    #[default]
    Wait,
    /// Fail at once with [`BrokerError::Full`].
    Refuse,
}

/// The embedded broker's settings.
#[derive(Debug, Clone, Copy)]
pub struct EmbeddedConfig {
    /// Messages a queue holds at most, ready or delivered but not yet
    /// settled (default 10,000). Dead-letter and reply queues are unbounded.
    pub capacity: usize,
    /// What a publish to a full queue does (default: wait).
    pub overflow: Overflow,
    /// Deliveries of one message before it is dead-lettered (default 5).
    pub max_deliveries: u32,
}

impl Default for EmbeddedConfig {
    fn default() -> Self {
        EmbeddedConfig {
            capacity: 10_000,
            overflow: Overflow::Wait,
            max_deliveries: 5,
        }
    }
}

/// The embedded broker. Cheap to clone: clones share the queues.
#[derive(Debug, Clone, Default)]
pub struct EmbeddedBroker {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    config: EmbeddedConfig,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    queues: HashMap<String, Arc<Queue>>,
    // Topic -> (subscription queue name -> queue).
    topics: HashMap<String, HashMap<String, Arc<Queue>>>,
}

impl EmbeddedBroker {
    /// A broker with the default settings.
    pub fn new() -> Self {
        EmbeddedBroker::default()
    }

    /// A broker with `config`.
    pub fn with_config(config: EmbeddedConfig) -> Self {
        EmbeddedBroker {
            inner: Arc::new(Inner {
                config,
                state: Mutex::default(),
            }),
        }
    }

    /// Messages ready for delivery in the queue holding `source`'s messages
    /// (0 for one never declared).
    pub fn ready(&self, source: &Source) -> usize {
        self.lock()
            .queues
            .get(&source.queue_name())
            .map_or(0, |queue| queue.ready_len())
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.inner
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The queue `name` with its dead-letter queue, created if new.
    fn queue(&self, state: &mut State, name: &str) -> Arc<Queue> {
        if let Some(queue) = state.queues.get(name) {
            return Arc::clone(queue);
        }
        let config = self.inner.config;
        let dead_name = dead_letter_queue(name);
        let dead = Arc::clone(
            state
                .queues
                .entry(dead_name.clone())
                .or_insert_with(|| Arc::new(Queue::new(dead_name, None, u32::MAX, None))),
        );
        let bound = Bound {
            capacity: config.capacity,
            overflow: config.overflow,
        };
        let queue = Arc::new(Queue::new(
            name.to_owned(),
            Some(bound),
            config.max_deliveries,
            Some(dead),
        ));
        state.queues.insert(name.to_owned(), Arc::clone(&queue));
        queue
    }

    fn declare_now(&self, source: &Source) -> Arc<Queue> {
        let mut state = self.lock();
        let name = source.queue_name();
        let queue = self.queue(&mut state, &name);
        if let Source::Subscription { topic, .. } = source {
            state
                .topics
                .entry(topic.clone())
                .or_default()
                .insert(name, Arc::clone(&queue));
        }
        queue
    }
}

impl Broker for EmbeddedBroker {
    fn declare<'a>(&'a self, source: &'a Source) -> BoxFuture<'a, Result<(), BrokerError>> {
        self.declare_now(source);
        Box::pin(std::future::ready(Ok(())))
    }

    fn publish<'a>(
        &'a self,
        to: &'a Address,
        message: Message,
    ) -> BoxFuture<'a, Result<(), BrokerError>> {
        let targets: Vec<Arc<Queue>> = {
            let mut state = self.lock();
            match to {
                Address::Queue(name) => vec![self.queue(&mut state, name)],
                Address::Topic(topic) => state
                    .topics
                    .get(topic)
                    .map(|subscriptions| subscriptions.values().cloned().collect())
                    .unwrap_or_default(),
            }
        };
        Box::pin(async move {
            for queue in targets {
                queue.push(message.clone()).await?;
            }
            Ok(())
        })
    }

    fn reply<'a>(
        &'a self,
        queue: &'a str,
        message: Message,
    ) -> BoxFuture<'a, Result<(), BrokerError>> {
        let target = self.lock().queues.get(queue).cloned();
        Box::pin(async move {
            match target {
                Some(queue) => queue.push(message).await,
                None => {
                    tracing::debug!(queue, "reply to a queue that is gone; dropped");
                    Ok(())
                }
            }
        })
    }

    fn consume<'a>(&'a self, source: &'a Source) -> BoxFuture<'a, Result<Consumer, BrokerError>> {
        let queue = self.declare_now(source);
        let stream = QueueStream {
            queue,
            on_close: None,
        };
        Box::pin(std::future::ready(Ok(Consumer::new(stream))))
    }

    fn reply_queue(&self) -> BoxFuture<'_, Result<(String, Consumer), BrokerError>> {
        let name = format!("reply.{}", uuid::Uuid::new_v4());
        let queue = Arc::new(Queue::new(name.clone(), None, 1, None));
        self.lock().queues.insert(name.clone(), Arc::clone(&queue));
        let broker = self.clone();
        let closed = name.clone();
        let stream = QueueStream {
            queue,
            on_close: Some(Box::new(move || {
                broker.lock().queues.remove(&closed);
            })),
        };
        Box::pin(std::future::ready(Ok((name, Consumer::new(stream)))))
    }
}
