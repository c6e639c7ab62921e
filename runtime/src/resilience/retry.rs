//! Retries for idempotent methods, with exponential backoff and jitter,
//! within a retry budget so that retries cannot multiply the load on a
//! struggling dependency.
//!
//! A request is retried only when it is a two-way call marked idempotent
//! ([`ClientRequest::idempotent`], set by generated clients for methods
//! annotated `(idempotent)`) or named in
//! [`RetryPolicy::idempotent_methods`]; never a oneway call. Only transport
//! failures are retried, and not the ones that say "back off"
//! (overloaded, circuit open, no endpoint). Built on tower's
//! [`Retry`](tower::retry::Retry) and its
//! [`TpsBudget`].

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::time::Sleep;
use tower::Layer;
use tower::retry::budget::{Budget, TpsBudget};
use tower::util::rng::{HasherRng, Rng};

use crate::error::{Error, TransportError};
use crate::message::{ClientReply, ClientRequest};
use crate::protocol::MessageType;

/// How many retries the budget allows: at least `min_per_sec` per second,
/// plus `retry_ratio` retries per call made in the last `ttl`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryBudget {
    /// How long a call's deposit lasts (1 s to 60 s). Default 10 s.
    pub ttl: Duration,
    /// Retries per second always allowed. Default 10.
    pub min_per_sec: u32,
    /// Retries allowed per call (0.2 = at most 20% extra load). Default 0.2.
    pub retry_ratio: f32,
}

impl Default for RetryBudget {
    fn default() -> Self {
        RetryBudget {
            ttl: Duration::from_secs(10),
            min_per_sec: 10,
            retry_ratio: 0.2,
        }
    }
}

/// When and how often to retry.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Retries per call at most (attempts = 1 + this). Default 2.
    pub max_retries: u32,
    /// The wait before the first retry. Default 20 ms.
    pub initial_backoff: Duration,
    /// The longest wait between attempts. Default 1 s.
    pub max_backoff: Duration,
    /// Each wait is this many times the previous one. Default 2.0.
    pub multiplier: f64,
    /// The share of each wait that is random (0.0: none, 1.0: anywhere from
    /// zero to the full wait). Default 0.5.
    pub jitter: f64,
    /// The budget shared by every call through the layer.
    pub budget: RetryBudget,
    /// Methods treated as idempotent even when their requests are not
    /// marked (for hand-marked methods).
    pub idempotent_methods: Vec<String>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(20),
            max_backoff: Duration::from_secs(1),
            multiplier: 2.0,
            jitter: 0.5,
            budget: RetryBudget::default(),
            idempotent_methods: Vec::new(),
        }
    }
}

/// What a retry layer has done since it was created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RetryCounters {
    /// Retries sent.
    pub retries: u64,
    /// Retries wanted but refused by the budget.
    pub budget_exhausted: u64,
}

struct RetryShared {
    policy: RetryPolicy,
    idempotent_methods: HashSet<String>,
    budget: TpsBudget,
    retries: AtomicU64,
    budget_exhausted: AtomicU64,
}

/// Retries failed idempotent calls (see the module docs).
#[derive(Clone)]
pub struct RetryLayer {
    shared: Arc<RetryShared>,
}

impl fmt::Debug for RetryLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryLayer")
            .field("policy", &self.shared.policy)
            .finish_non_exhaustive()
    }
}

impl RetryLayer {
    /// A layer retrying by `policy`, with one budget for every call through
    /// it.
    pub fn new(policy: RetryPolicy) -> Self {
        // TpsBudget asserts its ranges: clamp so no configuration panics.
        let ratio = policy.budget.retry_ratio;
        let budget = TpsBudget::new(
            policy
                .budget
                .ttl
                .clamp(Duration::from_secs(1), Duration::from_secs(60)),
            policy.budget.min_per_sec.min(1_000_000),
            if ratio.is_nan() {
                0.0
            } else {
                ratio.clamp(0.0, 1000.0)
            },
        );
        RetryLayer {
            shared: Arc::new(RetryShared {
                idempotent_methods: policy.idempotent_methods.iter().cloned().collect(),
                policy,
                budget,
                retries: AtomicU64::new(0),
                budget_exhausted: AtomicU64::new(0),
            }),
        }
    }

    /// The counters.
    pub fn counters(&self) -> RetryCounters {
        RetryCounters {
            retries: self.shared.retries.load(Ordering::Relaxed),
            budget_exhausted: self.shared.budget_exhausted.load(Ordering::Relaxed),
        }
    }
}

impl<S> Layer<S> for RetryLayer {
    type Service = tower::retry::Retry<CallRetryPolicy, S>;

    fn layer(&self, inner: S) -> Self::Service {
        tower::retry::Retry::new(
            CallRetryPolicy {
                shared: Arc::clone(&self.shared),
                attempts: 0,
            },
            inner,
        )
    }
}

/// The tower retry policy of one call (cloned per call: it counts that
/// call's attempts).
#[derive(Clone)]
pub struct CallRetryPolicy {
    shared: Arc<RetryShared>,
    attempts: u32,
}

impl fmt::Debug for CallRetryPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallRetryPolicy")
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

impl CallRetryPolicy {
    fn eligible(&self, request: &ClientRequest) -> bool {
        request.kind == MessageType::Call
            && (request.idempotent
                || self
                    .shared
                    .idempotent_methods
                    .contains(request.method.as_ref()))
    }

    fn backoff(&self) -> Duration {
        let policy = &self.shared.policy;
        let exponent = i32::try_from(self.attempts).unwrap_or(i32::MAX);
        let base = policy.initial_backoff.as_secs_f64() * policy.multiplier.max(1.0).powi(exponent);
        let base = base.min(policy.max_backoff.as_secs_f64());
        let jitter = policy.jitter.clamp(0.0, 1.0);
        let random = HasherRng::default().next_f64();
        Duration::try_from_secs_f64(base * (1.0 - jitter * random)).unwrap_or(policy.max_backoff)
    }
}

fn retryable(result: &Result<ClientReply, Error>) -> bool {
    match result {
        Err(Error::Transport(err)) => !matches!(err, TransportError::FrameTooLarge { .. }),
        _ => false,
    }
}

impl tower::retry::Policy<ClientRequest, ClientReply, Error> for CallRetryPolicy {
    type Future = Sleep;

    fn retry(
        &mut self,
        request: &mut ClientRequest,
        result: &mut Result<ClientReply, Error>,
    ) -> Option<Sleep> {
        if self.attempts >= self.shared.policy.max_retries || !retryable(result) {
            return None;
        }
        if !self.shared.budget.withdraw() {
            self.shared.budget_exhausted.fetch_add(1, Ordering::Relaxed);
            tracing::debug!(method = %request.method, "retry budget exhausted");
            return None;
        }
        let wait = self.backoff();
        self.attempts += 1;
        self.shared.retries.fetch_add(1, Ordering::Relaxed);
        tracing::debug!(method = %request.method, attempt = self.attempts, ?wait, "retrying");
        Some(tokio::time::sleep(wait))
    }

    fn clone_request(&mut self, request: &ClientRequest) -> Option<ClientRequest> {
        if self.attempts == 0 {
            // Every original call earns the budget a share of a retry.
            self.shared.budget.deposit();
        }
        self.eligible(request).then(|| request.clone())
    }
}
