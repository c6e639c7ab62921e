//! The circuit breaker: closed while the dependency is healthy; open (every
//! call fails at once with
//! [`Refusal::CircuitOpen`](crate::Refusal::CircuitOpen),
//! nothing is sent) once the failure rate over a sliding time window passes
//! a threshold with enough calls in the window; half-open after a cool-down,
//! letting a few trial calls through: their success closes it, a failure
//! opens it again.
//!
//! [`CircuitBreaker`] is the shared state and the handle that code reads
//! (state, counters, a watch channel of state changes); [`BreakerLayer`]
//! puts it on a client call path. Every state change is logged with
//! `tracing`. The balancer reuses the same state machine per endpoint,
//! where "open" means "ejected".

mod layer;
mod window;

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::Context;
use std::time::Duration;

use futures_util::task::AtomicWaker;
use tokio::sync::watch;
use tokio::time::Instant;

use super::Outcome;
use window::Window;

pub use layer::{Breaker, BreakerFuture, BreakerLayer};

/// When a breaker opens and how it recovers.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakerConfig {
    /// Opens when failures / calls in the window reach this (0.0 to 1.0).
    /// Default 0.5.
    pub failure_rate_threshold: f64,
    /// ... but only with at least this many calls in the window. Default 20.
    pub minimum_calls: u32,
    /// The sliding window's length. Default 10 s.
    pub window: Duration,
    /// The window slides in this many steps. Default 10.
    pub window_buckets: u32,
    /// How long it stays open before letting trial calls through. Default
    /// 5 s.
    pub cool_down: Duration,
    /// Trial calls allowed at once while half-open; this many successes
    /// close it. Default 1.
    pub half_open_trials: u32,
    /// Also opens after this many failures in a row, whatever the window
    /// says (0: off). Default 0; the balancer's endpoint health uses it to
    /// eject a dead endpoint at once.
    pub consecutive_failures: u32,
}

impl Default for BreakerConfig {
    fn default() -> Self {
        BreakerConfig {
            failure_rate_threshold: 0.5,
            minimum_calls: 20,
            window: Duration::from_secs(10),
            window_buckets: 10,
            cool_down: Duration::from_secs(5),
            half_open_trials: 1,
            consecutive_failures: 0,
        }
    }
}

/// A breaker's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BreakerState {
    /// Calls go through; outcomes are counted.
    Closed,
    /// Calls fail at once without being sent.
    Open,
    /// A few trial calls go through; the rest fail at once.
    HalfOpen,
}

impl fmt::Display for BreakerState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BreakerState::Closed => "closed",
            BreakerState::Open => "open",
            BreakerState::HalfOpen => "half-open",
        })
    }
}

/// One state change, as published on [`CircuitBreaker::subscribe`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakerStateChange {
    /// The state before.
    pub from: BreakerState,
    /// The state now.
    pub to: BreakerState,
    /// How many changes this breaker has made so far, this one included.
    pub sequence: u64,
}

/// What a breaker has counted since it was created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BreakerCounters {
    /// Calls let through that succeeded.
    pub successes: u64,
    /// Calls let through that failed (or were cancelled, e.g. by a deadline).
    pub failures: u64,
    /// Calls refused at once because the breaker was open (or half-open with
    /// its trials taken).
    pub rejected: u64,
    /// Times it opened.
    pub opened: u64,
    /// Calls in the current window.
    pub window_calls: u32,
    /// Failed calls in the current window.
    pub window_failures: u32,
}

/// A circuit breaker's shared state: cheap to clone, every clone is the same
/// breaker.
#[derive(Clone)]
pub struct CircuitBreaker {
    shared: Arc<Shared>,
}

struct Shared {
    name: Arc<str>,
    config: BreakerConfig,
    inner: Mutex<Inner>,
    changes: watch::Sender<BreakerStateChange>,
    /// Called on every state change (under the breaker's lock).
    listeners: Mutex<Vec<Listener>>,
    /// Woken on every state change and every finished trial, for a service
    /// that reports "not ready" while its breaker refuses (the balancer's
    /// endpoints).
    waker: AtomicWaker,
}

type Listener = Box<dyn Fn(&str, BreakerStateChange) + Send + Sync>;

struct Inner {
    state: BreakerState,
    /// Bumped on every state change: a call's outcome counts only for the
    /// state it was admitted in.
    generation: u64,
    opened_at: Instant,
    trials_in_flight: u32,
    trial_successes: u32,
    /// Failures in a row while closed.
    consecutive_failures: u32,
    window: Window,
    counters: BreakerCounters,
}

impl fmt::Debug for CircuitBreaker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CircuitBreaker")
            .field("name", &self.shared.name)
            .field("state", &self.state())
            .finish_non_exhaustive()
    }
}

/// A call admitted by the breaker; its outcome must be recorded (dropping it
/// unrecorded counts as a failure: the call was cancelled, usually by a
/// deadline).
pub(crate) struct Permit {
    breaker: CircuitBreaker,
    generation: u64,
    trial: bool,
    recorded: bool,
}

impl Permit {
    pub(crate) fn record(mut self, outcome: Outcome) {
        self.recorded = true;
        self.breaker.record(self.generation, self.trial, outcome);
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        if !self.recorded {
            self.breaker
                .record(self.generation, self.trial, Outcome::Failure);
        }
    }
}

/// Why a call was not admitted.
pub(crate) enum NotAdmitted {
    /// Open: retry after this instant.
    OpenUntil(Instant),
    /// Half-open with every trial slot taken.
    TrialsBusy,
}

impl CircuitBreaker {
    /// A closed breaker named `name` (the name appears in its logs).
    pub fn new(name: impl Into<Arc<str>>, config: BreakerConfig) -> Self {
        let initial = BreakerStateChange {
            from: BreakerState::Closed,
            to: BreakerState::Closed,
            sequence: 0,
        };
        let now = Instant::now();
        CircuitBreaker {
            shared: Arc::new(Shared {
                name: name.into(),
                inner: Mutex::new(Inner {
                    state: BreakerState::Closed,
                    generation: 0,
                    opened_at: now,
                    trials_in_flight: 0,
                    trial_successes: 0,
                    consecutive_failures: 0,
                    window: Window::new(&config, now),
                    counters: BreakerCounters::default(),
                }),
                config,
                changes: watch::channel(initial).0,
                listeners: Mutex::new(Vec::new()),
                waker: AtomicWaker::new(),
            }),
        }
    }

    /// The breaker's name.
    pub fn name(&self) -> &str {
        &self.shared.name
    }

    /// Its configuration.
    pub fn config(&self) -> &BreakerConfig {
        &self.shared.config
    }

    /// The current state. An open breaker whose cool-down has passed still
    /// reads `Open` until the next call turns it half-open.
    pub fn state(&self) -> BreakerState {
        self.lock().state
    }

    /// The counters, with the current window's totals.
    pub fn counters(&self) -> BreakerCounters {
        let inner = self.lock();
        let (calls, failures) = inner.window.totals(Instant::now());
        BreakerCounters {
            window_calls: calls,
            window_failures: failures,
            ..inner.counters
        }
    }

    /// A receiver of state changes: `changed().await` wakes on each, and
    /// `borrow()` is the latest. Changes in quick succession may coalesce;
    /// `sequence` tells how many happened.
    pub fn subscribe(&self) -> watch::Receiver<BreakerStateChange> {
        self.shared.changes.subscribe()
    }

    /// Calls `listener(name, change)` on every state change from now on,
    /// synchronously and in order (none is coalesced). It runs under the
    /// breaker's lock: it must be quick and must not call this breaker.
    pub fn on_state_change(
        &self,
        listener: impl Fn(&str, BreakerStateChange) + Send + Sync + 'static,
    ) {
        let mut listeners = match self.shared.listeners.lock() {
            Ok(listeners) => listeners,
            Err(poisoned) => poisoned.into_inner(),
        };
        listeners.push(Box::new(listener));
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        match self.shared.inner.lock() {
            Ok(inner) => inner,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Admits a call, or says why not.
    pub(crate) fn admit(&self) -> Result<Permit, NotAdmitted> {
        let now = Instant::now();
        let mut inner = self.lock();
        if inner.state == BreakerState::Open {
            let until = inner.opened_at + self.shared.config.cool_down;
            if now < until {
                inner.counters.rejected += 1;
                return Err(NotAdmitted::OpenUntil(until));
            }
            self.transition(&mut inner, BreakerState::HalfOpen, now);
        }
        let trial = inner.state == BreakerState::HalfOpen;
        if trial {
            if inner.trials_in_flight >= self.shared.config.half_open_trials.max(1) {
                inner.counters.rejected += 1;
                return Err(NotAdmitted::TrialsBusy);
            }
            inner.trials_in_flight += 1;
        }
        Ok(Permit {
            breaker: self.clone(),
            generation: inner.generation,
            trial,
            recorded: false,
        })
    }

    /// Whether a call would be admitted now (without admitting it); when
    /// not, `waker` is woken once that may have changed.
    pub(crate) fn poll_admissible(&self, cx: &mut Context<'_>) -> Result<(), NotAdmitted> {
        self.shared.waker.register(cx.waker());
        let inner = self.lock();
        match inner.state {
            BreakerState::Closed => Ok(()),
            BreakerState::Open => {
                let until = inner.opened_at + self.shared.config.cool_down;
                if Instant::now() < until {
                    Err(NotAdmitted::OpenUntil(until))
                } else {
                    Ok(())
                }
            }
            BreakerState::HalfOpen => {
                if inner.trials_in_flight < self.shared.config.half_open_trials.max(1) {
                    Ok(())
                } else {
                    Err(NotAdmitted::TrialsBusy)
                }
            }
        }
    }

    fn record(&self, generation: u64, trial: bool, outcome: Outcome) {
        let now = Instant::now();
        let mut inner = self.lock();
        match outcome {
            Outcome::Success => inner.counters.successes += 1,
            Outcome::Failure => inner.counters.failures += 1,
            Outcome::Ignored => {}
        }
        if generation != inner.generation {
            // Admitted before the last state change: says nothing about now.
            return;
        }
        let config = &self.shared.config;
        match inner.state {
            BreakerState::Closed => {
                if outcome == Outcome::Ignored {
                    return;
                }
                let failed = outcome == Outcome::Failure;
                inner.window.record(now, failed);
                inner.consecutive_failures = if failed {
                    inner.consecutive_failures + 1
                } else {
                    0
                };
                let (calls, failures) = inner.window.totals(now);
                let rate_exceeded = calls >= config.minimum_calls.max(1)
                    && f64::from(failures) >= config.failure_rate_threshold * f64::from(calls);
                let in_a_row = config.consecutive_failures > 0
                    && inner.consecutive_failures >= config.consecutive_failures;
                if rate_exceeded || in_a_row {
                    self.transition(&mut inner, BreakerState::Open, now);
                }
            }
            BreakerState::HalfOpen if trial => {
                inner.trials_in_flight = inner.trials_in_flight.saturating_sub(1);
                match outcome {
                    Outcome::Failure => self.transition(&mut inner, BreakerState::Open, now),
                    Outcome::Success => {
                        inner.trial_successes += 1;
                        if inner.trial_successes >= config.half_open_trials.max(1) {
                            self.transition(&mut inner, BreakerState::Closed, now);
                        }
                    }
                    Outcome::Ignored => {}
                }
                self.shared.waker.wake();
            }
            BreakerState::HalfOpen | BreakerState::Open => {}
        }
    }

    fn transition(&self, inner: &mut Inner, to: BreakerState, now: Instant) {
        let from = inner.state;
        inner.state = to;
        inner.generation += 1;
        inner.trials_in_flight = 0;
        inner.trial_successes = 0;
        inner.consecutive_failures = 0;
        match to {
            BreakerState::Open => {
                inner.opened_at = now;
                inner.counters.opened += 1;
            }
            BreakerState::Closed => inner.window = Window::new(&self.shared.config, now),
            BreakerState::HalfOpen => {}
        }
        let (calls, failures) = inner.window.totals(now);
        let name = &*self.shared.name;
        match to {
            BreakerState::Open => tracing::warn!(
                breaker = name, %from, %to, window_calls = calls, window_failures = failures,
                "circuit breaker state changed"
            ),
            _ => tracing::info!(breaker = name, %from, %to, "circuit breaker state changed"),
        }
        let mut published = None;
        self.shared.changes.send_modify(|change| {
            *change = BreakerStateChange {
                from,
                to,
                sequence: change.sequence + 1,
            };
            published = Some(*change);
        });
        if let Some(change) = published {
            let listeners = match self.shared.listeners.lock() {
                Ok(listeners) => listeners,
                Err(poisoned) => poisoned.into_inner(),
            };
            for listener in listeners.iter() {
                listener(name, change);
            }
        }
        self.shared.waker.wake();
    }
}
