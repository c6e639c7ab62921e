//! Thread-per-core serving: dedicated threads, each running its own
//! single-threaded tokio runtime, and each accepted connection handed to the
//! thread with the fewest connections.
//!
//! A connection then lives on one thread: its socket is registered with that
//! thread's reactor and its task is polled there, so a wake-up never crosses
//! threads and no scheduler steals or hands off work. The accept loop stays
//! on the runtime that runs `serve`.

use std::future::Future;
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use tokio::runtime::{Builder, Handle};
use tokio::sync::oneshot;

/// The worker threads of one `serve` call. Dropping it stops them: each
/// thread's runtime is dropped on its own thread, cancelling whatever still
/// runs there (after a graceful shutdown nothing does).
#[derive(Debug)]
pub(crate) struct Workers {
    workers: Vec<Worker>,
}

#[derive(Debug)]
struct Worker {
    handle: Handle,
    /// Connections currently served by this worker.
    connections: Arc<AtomicUsize>,
    /// Dropped (or sent) to stop the thread.
    _stop: oneshot::Sender<()>,
}

impl Workers {
    /// Starts `threads` worker threads (at least one).
    pub(crate) fn start(threads: usize) -> io::Result<Workers> {
        let mut workers = Vec::with_capacity(threads.max(1));
        for index in 0..threads.max(1) {
            let runtime = Builder::new_current_thread().enable_all().build()?;
            let handle = runtime.handle().clone();
            let (stop, stopped) = oneshot::channel::<()>();
            thread::Builder::new()
                .name(format!("trift-worker-{index}"))
                .spawn(move || {
                    // Runs the spawned connections until `serve` is done
                    // with this worker; the runtime is dropped here, outside
                    // any async context.
                    runtime.block_on(async move {
                        let _ = stopped.await;
                    });
                })?;
            workers.push(Worker {
                handle,
                connections: Arc::new(AtomicUsize::new(0)),
                _stop: stop,
            });
        }
        Ok(Workers { workers })
    }

    /// Runs the future `make` returns on the least loaded worker. `make` is
    /// called on that worker's thread, inside its runtime, so sockets it
    /// registers belong to that worker's reactor.
    pub(crate) fn spawn<M, F>(&self, make: M)
    where
        M: FnOnce() -> F + Send + 'static,
        F: Future<Output = ()> + Send + 'static,
    {
        let Some(worker) = self
            .workers
            .iter()
            .min_by_key(|worker| worker.connections.load(Ordering::Relaxed))
        else {
            return;
        };
        let guard = ConnectionCount::new(Arc::clone(&worker.connections));
        worker.handle.spawn(async move {
            let _guard = guard;
            make().await;
        });
    }
}

/// Counts one connection on a worker while it lives, cancelled or not.
struct ConnectionCount(Arc<AtomicUsize>);

impl ConnectionCount {
    fn new(count: Arc<AtomicUsize>) -> Self {
        count.fetch_add(1, Ordering::Relaxed);
        ConnectionCount(count)
    }
}

impl Drop for ConnectionCount {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}
