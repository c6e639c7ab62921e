//! Partial-failure protection: tower layers that keep a slow or dead
//! dependency from taking its callers down with it (the Hystrix model).
//!
//! Client side, over `Service<ClientRequest>`:
//! - [`deadline`]: a default deadline per client, a per-call override
//!   ([`with_deadline`], [`FallbackExt::deadline`]);
//! - [`limit`]: a bound on outstanding calls that fails fast with
//!   [`TransportError::Overloaded`];
//! - [`breaker`]: a circuit breaker over a sliding window of outcomes;
//! - [`retry`]: retries with exponential backoff and jitter for idempotent
//!   methods, within a retry budget;
//! - [`balance`]: power-of-two-choices balancing over several endpoints
//!   (static or re-resolved DNS names), ejecting failed ones and probing them
//!   back;
//! - [`fallback`]: not a layer but a future extension giving a call a
//!   fallback value on deadline, overload, open circuit or transport failure.
//!
//! Server side, over `Service<ServerRequest>`: [`shed`] (a server-wide
//! in-flight cap that answers at once with a `TApplicationException`) and
//! [`deadline::HandlerTimeoutLayer`].
//!
//! [`ResilientChannel`](crate::resilience::ResilientChannel) composes the client
//! layers in the right order. Every layer is a cheap `Clone` around `Arc`ed
//! state and runs inline in the caller's task: no buffer, no task hop.

pub mod balance;
pub mod breaker;
pub mod deadline;
pub mod fallback;
pub mod limit;
pub mod resilient;
pub mod retry;
pub mod shed;

pub use balance::{BalanceConfig, Balanced, EndpointSnapshot, MakeEndpoint};
pub use breaker::{
    BreakerConfig, BreakerCounters, BreakerLayer, BreakerState, BreakerStateChange, CircuitBreaker,
};
pub use deadline::{DeadlineLayer, HandlerTimeoutLayer, with_deadline};
pub use fallback::{CallError, FailureKind, FallbackExt};
pub use limit::{MaxOutstanding, MaxOutstandingLayer};
pub use resilient::{ResilientChannel, ResilientChannelBuilder, ResilientFuture};
pub use retry::{RetryBudget, RetryCounters, RetryLayer, RetryPolicy};
pub use shed::{LoadShed, LoadShedLayer};

use crate::error::{Error, Refusal};
use crate::message::ClientReply;
use crate::protocol::MessageType;

/// How one call's result counts for health tracking (breakers, endpoint
/// ejection).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The dependency answered.
    Success,
    /// The dependency failed or was too slow.
    Failure,
    /// Says nothing about the dependency (refused locally).
    Ignored,
}

impl Outcome {
    /// Classifies a call result. A `TApplicationException` reply is a
    /// failure of the server; a declared exception is a normal reply.
    pub(crate) fn of(result: &Result<ClientReply, Error>) -> Outcome {
        match result {
            Ok(ClientReply::Message(message)) if message.header.kind == MessageType::Exception => {
                Outcome::Failure
            }
            Ok(_) => Outcome::Success,
            Err(Error::Refused(Refusal::Overloaded)) => Outcome::Ignored,
            Err(_) => Outcome::Failure,
        }
    }

    /// Classifies a call result for one endpoint's health: any answer, a
    /// `TApplicationException` included, shows the endpoint is alive.
    pub(crate) fn of_endpoint(result: &Result<ClientReply, Error>) -> Outcome {
        match result {
            Ok(_) => Outcome::Success,
            Err(Error::Refused(Refusal::Overloaded)) => Outcome::Ignored,
            Err(_) => Outcome::Failure,
        }
    }
}
