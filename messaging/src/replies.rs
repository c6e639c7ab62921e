//! One client's reply queue: a task consumes it and hands each reply to
//! the call waiting for its correlation id. A reply nobody waits for any
//! more (its call timed out) is dropped.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::broker::{Broker, BrokerError};
use crate::headers::Message;

/// Where the replies for one correlation id go: a single reply
/// (request/async response) or many (publish/async responses).
#[derive(Debug)]
pub(crate) enum Waiter {
    /// The first reply completes the call.
    One(oneshot::Sender<Message>),
    /// Every reply is collected until the caller stops listening.
    Many(mpsc::UnboundedSender<Message>),
}

type Pending = Arc<Mutex<HashMap<String, Waiter>>>;

/// A client's reply queue and the calls waiting on it.
#[derive(Debug)]
pub(crate) struct Replies {
    /// The reply queue's name, for `reply_to`.
    pub(crate) queue: String,
    pending: Pending,
    task: JoinHandle<()>,
}

impl Replies {
    /// Creates the reply queue on `broker` and starts routing its replies.
    pub(crate) async fn start(broker: &dyn Broker) -> Result<Self, BrokerError> {
        let (queue, mut consumer) = broker.reply_queue().await?;
        let pending: Pending = Arc::default();
        let routes = Arc::clone(&pending);
        let task = tokio::spawn(async move {
            while let Some(delivery) = consumer.next().await {
                let message = delivery.message.clone();
                delivery.ack().await;
                route(&routes, message);
            }
        });
        Ok(Replies {
            queue,
            pending,
            task,
        })
    }

    /// Registers a waiter for `correlation_id`.
    pub(crate) fn wait(&self, correlation_id: String, waiter: Waiter) {
        lock(&self.pending).insert(correlation_id, waiter);
    }

    /// Stops waiting for `correlation_id`.
    pub(crate) fn forget(&self, correlation_id: &str) {
        lock(&self.pending).remove(correlation_id);
    }
}

impl Drop for Replies {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn lock(pending: &Pending) -> MutexGuard<'_, HashMap<String, Waiter>> {
    pending
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn route(pending: &Pending, message: Message) {
    let Some(id) = message.headers.correlation_id.clone() else {
        tracing::warn!(message_id = %message.headers.message_id, "reply without a correlation id; dropped");
        return;
    };
    let mut pending = lock(pending);
    match pending.remove(&id) {
        Some(Waiter::One(waiter)) => {
            // The caller may have just given up: then the reply is dropped.
            let _ = waiter.send(message);
        }
        Some(Waiter::Many(waiter)) => {
            if waiter.send(message).is_ok() {
                pending.insert(id, Waiter::Many(waiter));
            }
        }
        None => tracing::debug!(correlation_id = %id, "late reply; dropped"),
    }
}
