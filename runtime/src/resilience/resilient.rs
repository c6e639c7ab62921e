//! [`ResilientChannel`]: the whole partial-failure stack in one client,
//! composed in the order that makes each layer mean what it says.
//!
//! From the caller inwards: custom layers ([`ResilientChannelBuilder::layer`]),
//! the deadline (the caller's whole patience, retries included), retries
//! (each attempt passes the breaker again), the circuit breaker, the bound
//! on outstanding calls, then the p2c balancer over one channel per
//! endpoint, each with its own in-flight bound, call timeout and health
//! breaker. Fallbacks wrap the call future ([`FallbackExt`](crate::resilience::FallbackExt)).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tower::layer::util::{Identity, Stack};
use tower::util::Either;
use tower::{Layer, Service, ServiceBuilder};

use super::balance::{BalanceConfig, Balanced, EndpointSnapshot};
use super::breaker::{Breaker, BreakerConfig, BreakerLayer, CircuitBreaker};
use super::deadline::{Deadline, DeadlineLayer};
use super::limit::{MaxOutstanding, MaxOutstandingLayer};
use super::retry::{CallRetryPolicy, RetryCounters, RetryLayer, RetryPolicy};
use crate::client::{Channel, ChannelBuilder, ServiceNameLayer};
use crate::error::Error;
use crate::message::{ClientReply, ClientRequest, Framing, Protocol};
use crate::protocol::Limits;

type Bounded = MaxOutstanding<Balanced>;
type Guarded = Either<Breaker<Bounded>, Bounded>;
type Retried = Either<tower::retry::Retry<CallRetryPolicy, Guarded>, Guarded>;
type FullStack = Deadline<Retried>;

/// A client over one or several endpoints with deadlines, a bound on
/// outstanding calls, a circuit breaker, retries of idempotent methods and
/// p2c balancing with ejection of failed endpoints. A cheap `Clone`
/// [`ClientService`](crate::client::ClientService): generated clients take it like a
/// [`Channel`] (`CalcClient::new(resilient_channel)`).
#[derive(Clone)]
pub struct ResilientChannel {
    stack: FullStack,
    breaker: Option<CircuitBreaker>,
    retry: Option<RetryLayer>,
    limit: MaxOutstandingLayer,
    balanced: Balanced,
}

impl std::fmt::Debug for ResilientChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResilientChannel")
            .field("breaker", &self.breaker)
            .field("balanced", &self.balanced)
            .finish_non_exhaustive()
    }
}

impl ResilientChannel {
    /// A builder for a client over `endpoints` (socket addresses, or
    /// `host:port` names re-resolved in the background).
    pub fn builder<E: Into<String>>(
        endpoints: impl IntoIterator<Item = E>,
    ) -> ResilientChannelBuilder {
        ResilientChannelBuilder {
            endpoints: endpoints.into_iter().map(Into::into).collect(),
            channel: Channel::builder("0.0.0.0:0").call_timeout(Duration::from_secs(30)),
            deadline: Duration::from_secs(2),
            max_outstanding: 10_000,
            breaker: None,
            retry: None,
            idempotent_methods: Vec::new(),
            balance: BalanceConfig::default(),
            name: "client".to_owned(),
            layer: Identity::new(),
        }
    }

    /// The circuit breaker, when one is configured.
    pub fn breaker(&self) -> Option<&CircuitBreaker> {
        self.breaker.as_ref()
    }

    /// The retry counters, when retries are configured.
    pub fn retry_counters(&self) -> Option<RetryCounters> {
        self.retry.as_ref().map(RetryLayer::counters)
    }

    /// Calls outstanding now (under the client-wide bound).
    pub fn outstanding(&self) -> usize {
        self.limit.outstanding()
    }

    /// Calls refused so far by the client-wide bound.
    pub fn rejected_overloaded(&self) -> u64 {
        self.limit.rejected()
    }

    /// The endpoints and their health.
    pub fn endpoints(&self) -> Vec<EndpointSnapshot> {
        self.balanced.endpoints()
    }
}

impl Service<ClientRequest> for ResilientChannel {
    type Response = ClientReply;
    type Error = Error;
    type Future = ResilientFuture;

    #[inline]
    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.stack.poll_ready(cx)
    }

    #[inline]
    fn call(&mut self, request: ClientRequest) -> ResilientFuture {
        ResilientFuture {
            inner: self.stack.call(request),
        }
    }
}

pin_project_lite::pin_project! {
    /// The future of a [`ResilientChannel`] call.
    pub struct ResilientFuture {
        #[pin]
        inner: <FullStack as Service<ClientRequest>>::Future,
    }
}

impl std::fmt::Debug for ResilientFuture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResilientFuture").finish_non_exhaustive()
    }
}

impl Future for ResilientFuture {
    type Output = Result<ClientReply, Error>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.project().inner.poll(cx)
    }
}

/// Configures a [`ResilientChannel`]; see each option for its default.
#[derive(Debug, Clone)]
pub struct ResilientChannelBuilder<L = Identity> {
    endpoints: Vec<String>,
    channel: ChannelBuilder,
    deadline: Duration,
    max_outstanding: usize,
    breaker: Option<BreakerConfig>,
    retry: Option<RetryPolicy>,
    idempotent_methods: Vec<String>,
    balance: BalanceConfig,
    name: String,
    layer: L,
}

impl<L> ResilientChannelBuilder<L> {
    /// The name in the breaker's logs (default `client`).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// The default deadline of every call (default 2 s); override it per
    /// call with [`FallbackExt::deadline`](crate::resilience::FallbackExt::deadline)
    /// or [`with_deadline`](crate::resilience::with_deadline).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// At most `n` calls outstanding over all endpoints (default 10,000);
    /// beyond it calls fail at once with `Overloaded`.
    pub fn max_outstanding(mut self, n: usize) -> Self {
        self.max_outstanding = n;
        self
    }

    /// At most `n` calls outstanding on each endpoint (default 10,000);
    /// beyond it calls to that endpoint fail at once with `Overloaded`.
    pub fn max_outstanding_per_endpoint(mut self, n: usize) -> Self {
        self.channel = self.channel.max_in_flight(n);
        self
    }

    /// Adds a circuit breaker (default: none).
    pub fn circuit_breaker(mut self, config: BreakerConfig) -> Self {
        self.breaker = Some(config);
        self
    }

    /// Retries idempotent methods by `policy` (default: no retries).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Treats these methods as idempotent for retries, in addition to those
    /// annotated `(idempotent)` in the IDL.
    pub fn idempotent_methods<M: Into<String>>(
        mut self,
        methods: impl IntoIterator<Item = M>,
    ) -> Self {
        self.idempotent_methods
            .extend(methods.into_iter().map(Into::into));
        self
    }

    /// How endpoints are watched and names re-resolved.
    pub fn balance(mut self, config: BalanceConfig) -> Self {
        self.balance = config;
        self
    }

    /// The protocol (default binary).
    pub fn protocol(mut self, protocol: Protocol) -> Self {
        self.channel = self.channel.protocol(protocol);
        self
    }

    /// The framing (default framed).
    pub fn framing(mut self, framing: Framing) -> Self {
        self.channel = self.channel.framing(framing);
        self
    }

    /// How long one connection attempt may take (default 1 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.channel = self.channel.connect_timeout(timeout);
        self
    }

    /// How long one attempt may take on its endpoint's channel (default
    /// 30 s; the deadline usually ends a call first).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.channel = self.channel.call_timeout(timeout);
        self
    }

    /// Decoding limits for replies (default Apache's).
    pub fn limits(mut self, limits: Limits) -> Self {
        self.channel = self.channel.limits(limits);
        self
    }

    /// Calls go to the service registered as `name` on multiplexing servers
    /// (TMultiplexedProtocol): the same as
    /// `.layer(ServiceNameLayer::new(name))`, outermost.
    pub fn service_name(self, name: &str) -> ResilientChannelBuilder<Stack<ServiceNameLayer, L>> {
        self.layer(ServiceNameLayer::new(name))
    }

    /// Wraps the whole stack in `layer` (outermost, so it sees each call
    /// once, before deadline and retries).
    pub fn layer<T>(self, layer: T) -> ResilientChannelBuilder<Stack<T, L>> {
        ResilientChannelBuilder {
            endpoints: self.endpoints,
            channel: self.channel,
            deadline: self.deadline,
            max_outstanding: self.max_outstanding,
            breaker: self.breaker,
            retry: self.retry,
            idempotent_methods: self.idempotent_methods,
            balance: self.balance,
            name: self.name,
            layer: Stack::new(layer, self.layer),
        }
    }

    /// The client (it connects on first use). Names among the endpoints
    /// are resolved in the background when a tokio runtime is running.
    pub fn build(self) -> L::Service
    where
        L: Layer<ResilientChannel>,
    {
        let balanced = Balanced::new(self.endpoints, self.channel, self.balance);
        let limit = MaxOutstandingLayer::new(self.max_outstanding);
        let breaker = self
            .breaker
            .map(|config| CircuitBreaker::new(self.name.clone(), config));
        let idempotent_methods = self.idempotent_methods;
        let retry = self.retry.map(|mut policy| {
            policy.idempotent_methods.extend(idempotent_methods);
            RetryLayer::new(policy)
        });
        let stack = ServiceBuilder::new()
            .layer(DeadlineLayer::new(self.deadline))
            .option_layer(retry.clone())
            .option_layer(breaker.clone().map(BreakerLayer::new))
            .layer(limit.clone())
            .service(balanced.clone());
        self.layer.layer(ResilientChannel {
            stack,
            breaker,
            retry,
            limit,
            balanced,
        })
    }
}
