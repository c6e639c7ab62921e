//! The connection cap, and what happens at it: a new connection is never
//! left waiting.
//!
//! Every raw Thrift connection has a [`Slot`] that says since when it has
//! had nothing to do for its client: no call in flight, no reply unwritten
//! (it is idle, or waiting for the rest of a message). At the cap the accept
//! loop reclaims the connection that has been quiet the longest (its task
//! closes it), which makes room for the new one; when no connection is
//! quiet, the new one is refused at once (accepted and closed), so its
//! client fails fast and can try another instance. A slow-loris client,
//! trickling a message a byte at a time, is quiet from its first byte, so it
//! is reclaimed before any client that is being served.
//!
//! The cost on the call path is one relaxed store when a connection turns
//! quiet or busy; the search over the slots runs only at the cap.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::Waker;
use std::time::Duration;

use futures_util::task::AtomicWaker;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// How long a new connection waits for a reclaimed one to close.
const RECLAIM_WAIT: Duration = Duration::from_secs(1);

/// The connection budget of one server and its counters.
#[derive(Debug)]
pub(crate) struct Capacity {
    permits: Arc<Semaphore>,
    max: usize,
    slots: Mutex<HashMap<u64, Arc<Slot>>>,
    next_id: AtomicU64,
    epoch: Instant,
    refused: AtomicU64,
    reclaimed: AtomicU64,
}

/// One connection's entry: since when it is quiet, and the request to close.
#[derive(Debug)]
pub(crate) struct Slot {
    /// Nanoseconds from the epoch, plus one, since the connection is quiet;
    /// 0 while it is busy.
    quiet_since: AtomicU64,
    reclaim: AtomicBool,
    waker: AtomicWaker,
    epoch: Instant,
}

/// A connection's place under the cap: its permit and its slot, both given
/// back when this is dropped.
#[derive(Debug)]
pub(crate) struct Ticket {
    /// The connection's share of the budget.
    pub(crate) permit: OwnedSemaphorePermit,
    /// Its slot, until it is dropped.
    pub(crate) registration: Registration,
}

/// Keeps a slot in the table; removes it when dropped.
#[derive(Debug)]
pub(crate) struct Registration {
    capacity: Arc<Capacity>,
    id: u64,
    slot: Arc<Slot>,
}

impl Capacity {
    /// A budget of `max` connections.
    pub(crate) fn new(max: usize) -> Arc<Capacity> {
        Arc::new(Capacity {
            permits: Arc::new(Semaphore::new(max)),
            max,
            slots: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(0),
            epoch: Instant::now(),
            refused: AtomicU64::new(0),
            reclaimed: AtomicU64::new(0),
        })
    }

    /// A place for a new connection: at once below the cap; at the cap,
    /// after the longest-quiet connection has closed (at most
    /// [`RECLAIM_WAIT`]). `None` when no connection is quiet: the caller
    /// refuses the new one.
    pub(crate) async fn admit(self: &Arc<Self>) -> Option<Ticket> {
        let permit = match Arc::clone(&self.permits).try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                if !self.reclaim_quietest() {
                    self.refused.fetch_add(1, Ordering::Relaxed);
                    return None;
                }
                self.reclaimed.fetch_add(1, Ordering::Relaxed);
                let acquire = Arc::clone(&self.permits).acquire_owned();
                match tokio::time::timeout(RECLAIM_WAIT, acquire).await {
                    Ok(Ok(permit)) => permit,
                    _ => {
                        self.refused.fetch_add(1, Ordering::Relaxed);
                        return None;
                    }
                }
            }
        };
        Some(Ticket {
            permit,
            registration: self.register(),
        })
    }

    fn register(self: &Arc<Self>) -> Registration {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let slot = Arc::new(Slot {
            quiet_since: AtomicU64::new(0),
            reclaim: AtomicBool::new(false),
            waker: AtomicWaker::new(),
            epoch: self.epoch,
        });
        self.lock().insert(id, Arc::clone(&slot));
        Registration {
            capacity: Arc::clone(self),
            id,
            slot,
        }
    }

    /// Asks the connection quiet the longest to close. False when none is.
    fn reclaim_quietest(&self) -> bool {
        let quietest = self
            .lock()
            .values()
            .filter(|slot| !slot.reclaim.load(Ordering::Relaxed))
            .filter_map(|slot| {
                let since = slot.quiet_since.load(Ordering::Relaxed);
                (since != 0).then(|| (since, Arc::clone(slot)))
            })
            .min_by_key(|(since, _)| *since);
        let Some((_, slot)) = quietest else {
            return false;
        };
        slot.reclaim.store(true, Ordering::Release);
        slot.waker.wake();
        true
    }

    /// Waits until every connection has given its permit back.
    pub(crate) async fn drained(&self) {
        let all = u32::try_from(self.max).unwrap_or(u32::MAX);
        let _all = self.permits.acquire_many(all).await;
    }

    /// New connections refused (see [`ConnectionCounters`]).
    pub(crate) fn refused(&self) -> u64 {
        self.refused.load(Ordering::Relaxed)
    }

    /// See [`Capacity::refused`].
    pub(crate) fn reclaimed(&self) -> u64 {
        self.reclaimed.load(Ordering::Relaxed)
    }

    /// Connections holding a place now.
    pub(crate) fn open(&self) -> usize {
        self.max - self.permits.available_permits().min(self.max)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Arc<Slot>>> {
        // A panic while holding the lock leaves the table usable.
        self.slots
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Slot {
    /// Records that the connection is quiet since `since`, or busy (`None`).
    #[inline]
    pub(crate) fn set_quiet_since(&self, since: Option<Instant>) {
        let value = since.map_or(0, |since| {
            let nanos = since.saturating_duration_since(self.epoch).as_nanos();
            u64::try_from(nanos).unwrap_or(u64::MAX - 1) + 1
        });
        if self.quiet_since.load(Ordering::Relaxed) != value {
            self.quiet_since.store(value, Ordering::Relaxed);
        }
    }

    /// Whether the accept loop asked this connection to close. Registers
    /// `waker` first, so a request made after this returns wakes the task.
    #[inline]
    pub(crate) fn reclaim_requested(&self, waker: &Waker) -> bool {
        if self.quiet_since.load(Ordering::Relaxed) != 0 {
            self.waker.register(waker);
        }
        self.reclaim.load(Ordering::Acquire)
    }
}

impl Registration {
    /// The slot the connection keeps up to date.
    pub(crate) fn slot(&self) -> &Arc<Slot> {
        &self.slot
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.capacity.lock().remove(&self.id);
    }
}

/// A server's connection counters, readable while it serves
/// ([`BoundServer::connection_counters`](super::BoundServer::connection_counters)).
#[derive(Debug, Clone)]
pub struct ConnectionCounters {
    capacity: Arc<Capacity>,
}

impl ConnectionCounters {
    pub(crate) fn new(capacity: Arc<Capacity>) -> Self {
        ConnectionCounters { capacity }
    }

    /// Connections open now.
    pub fn open(&self) -> usize {
        self.capacity.open()
    }

    /// Quiet connections closed at the cap to make room for a new one.
    pub fn reclaimed(&self) -> u64 {
        self.capacity.reclaimed()
    }

    /// New connections refused at the cap because none was quiet.
    pub fn refused(&self) -> u64 {
        self.capacity.refused()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn at_the_cap_the_longest_quiet_connection_is_asked_to_close() {
        let capacity = Capacity::new(2);
        let first = capacity.admit().await.unwrap();
        let second = capacity.admit().await.unwrap();
        let now = Instant::now();
        first.registration.slot().set_quiet_since(Some(now));
        second
            .registration
            .slot()
            .set_quiet_since(Some(now - Duration::from_millis(5)));
        // The second is quieter; closing it (dropping its ticket) makes room.
        let waiting = {
            let capacity = Arc::clone(&capacity);
            tokio::spawn(async move { capacity.admit().await.is_some() })
        };
        while !second.registration.slot().reclaim.load(Ordering::Acquire) {
            tokio::task::yield_now().await;
        }
        assert!(!first.registration.slot().reclaim.load(Ordering::Acquire));
        drop(second);
        assert!(waiting.await.unwrap());
        assert_eq!((capacity.reclaimed(), capacity.refused()), (1, 0));
        drop(first);
    }

    #[tokio::test]
    async fn at_the_cap_with_every_connection_busy_a_new_one_is_refused_at_once() {
        let capacity = Capacity::new(1);
        let busy = capacity.admit().await.unwrap();
        busy.registration.slot().set_quiet_since(None);
        assert!(capacity.admit().await.is_none());
        assert_eq!((capacity.reclaimed(), capacity.refused()), (0, 1));
        assert_eq!(capacity.open(), 1);
        drop(busy);
        assert_eq!(capacity.open(), 0);
        assert!(capacity.admit().await.is_some());
    }
}
