//! Graceful shutdown: a cloneable handle that tells the accept loop and every
//! connection to stop taking new calls.

use tokio_util::sync::CancellationToken;

/// Stops a running server: it stops accepting, lets every call already
/// dispatched finish and its reply be written, then closes the connections.
/// The `serve` future completes once that is done.
#[derive(Debug, Clone, Default)]
pub struct ShutdownHandle {
    token: CancellationToken,
}

impl ShutdownHandle {
    /// Starts the graceful shutdown. Idempotent.
    pub fn shutdown(&self) {
        self.token.cancel();
    }

    /// Whether shutdown has started.
    pub fn is_shutting_down(&self) -> bool {
        self.token.is_cancelled()
    }

    pub(crate) fn token(&self) -> &CancellationToken {
        &self.token
    }
}
