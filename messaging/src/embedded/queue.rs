//! One queue of the embedded broker: a bounded buffer of ready messages,
//! shared by its consumers, with settlement of each delivery (ack, retry,
//! dead-letter; redelivery when a delivery is dropped unsettled).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::{Notify, Semaphore};

use super::Overflow;
use crate::broker::{BoxFuture, BrokerError};
use crate::delivery::{Delivery, DeliveryStream, Settle};
use crate::headers::Message;

/// A message waiting in a queue, with how often it was delivered.
#[derive(Debug)]
struct Stored {
    message: Message,
    deliveries: u32,
}

/// How a queue bounds what it holds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bound {
    /// Messages held (ready or delivered but unsettled) at most.
    pub(crate) capacity: usize,
    /// What a publish to a full queue does.
    pub(crate) overflow: Overflow,
}

/// One queue.
#[derive(Debug)]
pub(crate) struct Queue {
    name: String,
    ready: Mutex<VecDeque<Stored>>,
    arrived: Notify,
    // One permit per free slot; `None` for an unbounded queue.
    space: Option<(Semaphore, Bound)>,
    max_deliveries: u32,
    dead_letter: Option<Arc<Queue>>,
}

impl Queue {
    /// A queue named `name`, bounded by `bound` (unbounded for `None`),
    /// dead-lettering into `dead_letter` after `max_deliveries` failed
    /// deliveries.
    pub(crate) fn new(
        name: String,
        bound: Option<Bound>,
        max_deliveries: u32,
        dead_letter: Option<Arc<Queue>>,
    ) -> Self {
        Queue {
            name,
            ready: Mutex::new(VecDeque::new()),
            arrived: Notify::new(),
            space: bound.map(|bound| (Semaphore::new(bound.capacity), bound)),
            max_deliveries: max_deliveries.max(1),
            dead_letter,
        }
    }

    /// Messages ready for delivery now (not counting unsettled ones).
    pub(crate) fn ready_len(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> MutexGuard<'_, VecDeque<Stored>> {
        // A panic while holding the lock cannot leave the deque half
        // changed: every critical section is one VecDeque call.
        self.ready
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Adds `message` at the back, taking a slot first: waiting for one or
    /// refusing, as the queue's overflow policy says.
    pub(crate) async fn push(&self, message: Message) -> Result<(), BrokerError> {
        if let Some((space, bound)) = &self.space {
            let permit = match bound.overflow {
                Overflow::Wait => space.acquire().await.map_err(|_| BrokerError::Closed)?,
                Overflow::Refuse => space.try_acquire().map_err(|_| BrokerError::Full {
                    queue: self.name.clone(),
                    capacity: bound.capacity,
                })?,
            };
            // The slot is given back when the message is settled.
            permit.forget();
        }
        self.enqueue(Stored {
            message,
            deliveries: 0,
        });
        Ok(())
    }

    fn enqueue(&self, stored: Stored) {
        self.lock().push_back(stored);
        self.arrived.notify_one();
    }

    fn requeue(&self, stored: Stored) {
        self.lock().push_front(stored);
        self.arrived.notify_one();
    }

    fn release(&self) {
        if let Some((space, _)) = &self.space {
            space.add_permits(1);
        }
    }

    /// Waits for the next ready message and delivers it.
    async fn pop(self: &Arc<Self>) -> Delivery {
        loop {
            let arrived = self.arrived.notified();
            tokio::pin!(arrived);
            arrived.as_mut().enable();
            let popped = {
                let mut ready = self.lock();
                let popped = ready.pop_front();
                if popped.is_some() && !ready.is_empty() {
                    // Pass the wake-up on: more is waiting.
                    self.arrived.notify_one();
                }
                popped
            };
            if let Some(mut stored) = popped {
                stored.deliveries = stored.deliveries.saturating_add(1);
                let attempt = stored.deliveries;
                let message = stored.message.clone();
                let settle = QueueSettle {
                    queue: Arc::clone(self),
                    stored: Some(stored),
                };
                return Delivery::new(message, attempt, Box::new(settle));
            }
            arrived.await;
        }
    }

    /// A delivery failed: deliver it again, or dead-letter it once it has
    /// failed `max_deliveries` times.
    fn failed(&self, stored: Stored, reason: String) {
        if stored.deliveries >= self.max_deliveries {
            let reason = format!(
                "{reason} (delivery {} of at most {})",
                stored.deliveries, self.max_deliveries
            );
            self.dead_letter(stored, reason);
        } else {
            tracing::debug!(queue = %self.name, %reason, "message will be redelivered");
            self.requeue(stored);
        }
    }

    fn dead_letter(&self, stored: Stored, reason: String) {
        let Stored { mut message, .. } = stored;
        tracing::warn!(queue = %self.name, message_id = %message.headers.message_id, %reason, "message dead-lettered");
        message.headers.death_reason = Some(reason);
        match &self.dead_letter {
            Some(dead_letter) => dead_letter.enqueue(Stored {
                message,
                deliveries: 0,
            }),
            None => {
                tracing::error!(queue = %self.name, "a dead-letter queue's message failed; dropped")
            }
        }
        self.release();
    }
}

/// Settles one delivery of the embedded broker; dropped unsettled, the
/// message is delivered again.
struct QueueSettle {
    queue: Arc<Queue>,
    stored: Option<Stored>,
}

impl Settle for QueueSettle {
    fn ack(mut self: Box<Self>) -> BoxFuture<'static, ()> {
        if self.stored.take().is_some() {
            self.queue.release();
        }
        Box::pin(std::future::ready(()))
    }

    fn retry(mut self: Box<Self>, reason: String) -> BoxFuture<'static, ()> {
        if let Some(stored) = self.stored.take() {
            self.queue.failed(stored, reason);
        }
        Box::pin(std::future::ready(()))
    }

    fn dead_letter(mut self: Box<Self>, reason: String) -> BoxFuture<'static, ()> {
        if let Some(stored) = self.stored.take() {
            self.queue.dead_letter(stored, reason);
        }
        Box::pin(std::future::ready(()))
    }
}

impl Drop for QueueSettle {
    fn drop(&mut self) {
        if let Some(stored) = self.stored.take() {
            let reason = "the consumer dropped the delivery unsettled".to_owned();
            self.queue.failed(stored, reason);
        }
    }
}

/// A consumer's stream over one queue; `on_close` runs when it is
/// dropped (a reply queue removes itself).
pub(crate) struct QueueStream {
    pub(crate) queue: Arc<Queue>,
    pub(crate) on_close: Option<Box<dyn FnOnce() + Send>>,
}

impl DeliveryStream for QueueStream {
    fn next(&mut self) -> BoxFuture<'_, Option<Delivery>> {
        Box::pin(async move { Some(self.queue.pop().await) })
    }
}

impl Drop for QueueStream {
    fn drop(&mut self) {
        if let Some(on_close) = self.on_close.take() {
            on_close();
        }
    }
}
