//! Graceful shutdown: a cloneable handle that tells the accept loop and every
//! connection to stop taking new calls.
//!
//! Connections check a flag (one relaxed atomic load per wake-up, no lock,
//! although every connection of a server shares it) and are woken through a
//! `Notify` they register with once.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::Notify;
use tokio::sync::futures::OwnedNotified;

/// Stops a running server: it stops accepting, lets every call already
/// dispatched finish and its reply be written, then closes the connections.
/// The `serve` future completes once that is done.
#[derive(Debug, Clone, Default)]
pub struct ShutdownHandle {
    started: Arc<AtomicBool>,
    notify: Arc<Notify>,
}

impl ShutdownHandle {
    /// Starts the graceful shutdown. Idempotent.
    pub fn shutdown(&self) {
        self.started.store(true, Ordering::SeqCst);
        self.notify.notify_waiters();
    }

    /// Whether shutdown has started.
    #[inline]
    pub fn is_shutting_down(&self) -> bool {
        self.started.load(Ordering::Relaxed)
    }

    /// A future that completes when shutdown starts. Created before checking
    /// [`Self::is_shutting_down`], it misses no signal.
    pub(crate) fn notified(&self) -> OwnedNotified {
        Arc::clone(&self.notify).notified_owned()
    }

    /// Completes when shutdown has started.
    pub(crate) async fn started(&self) {
        let notified = self.notified();
        if !self.is_shutting_down() {
            notified.await;
        }
    }
}
