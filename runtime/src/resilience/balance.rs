//! Balancing over several endpoints with tower's power-of-two-choices
//! balancer ([`tower::balance::p2c`]), by pending requests.
//!
//! Each endpoint is its own service, made by a [`MakeEndpoint`] (a
//! [`Channel`] from a [`ChannelBuilder`] unless said otherwise), behind its
//! own [`CircuitBreaker`]
//! used as a failure detector: an endpoint whose calls fail (connection
//! refused, broken, timed out) is ejected: it reports "not ready", so the
//! balancer stops sending to it, until the breaker's cool-down has passed;
//! then a trial call probes it and, on success, it is back.
//!
//! Endpoints are socket addresses (fixed) or `host:port` names, re-resolved
//! every [`BalanceConfig::resolve_interval`] by a background task, each
//! resolved address becoming an endpoint.
//!
//! The p2c balancer is not `Clone` and needs `&mut` from readiness to call,
//! so clones of [`Balanced`] share it behind a mutex held only to pick an
//! endpoint and start the call, never while waiting for the reply.

use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use futures_util::Stream;
use tokio::sync::mpsc;
use tokio::time::Sleep;
use tower::Service;
use tower::balance::p2c::Balance;
use tower::discover::Change;
use tower::load::{CompleteOnResponse, PendingRequests};

use super::Outcome;
use super::breaker::{
    BreakerConfig, BreakerCounters, BreakerFuture, BreakerState, CircuitBreaker, NotAdmitted,
};
use crate::client::{Channel, ChannelBuilder};
use crate::error::{Error, Refusal, TransportError};
use crate::message::{ClientReply, ClientRequest};

/// How a balanced client watches its endpoints.
#[derive(Debug, Clone, PartialEq)]
pub struct BalanceConfig {
    /// Ejection of a failing endpoint: a breaker per endpoint, counting
    /// transport failures only (an endpoint that answers, even with an
    /// exception, is alive). Default:
    /// eject after 3 failures in a row, or half of at least 10 calls in a
    /// 10 s window; for 1 s; then probe with one call.
    pub endpoint_health: BreakerConfig,
    /// How often `host:port` names are resolved again. Default 5 s.
    pub resolve_interval: Duration,
}

impl Default for BalanceConfig {
    fn default() -> Self {
        BalanceConfig {
            endpoint_health: BreakerConfig {
                failure_rate_threshold: 0.5,
                minimum_calls: 10,
                window: Duration::from_secs(10),
                window_buckets: 10,
                cool_down: Duration::from_secs(1),
                half_open_trials: 1,
                consecutive_failures: 3,
            },
            resolve_interval: Duration::from_secs(5),
        }
    }
}

/// One endpoint as seen from code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointSnapshot {
    /// Its address.
    pub address: String,
    /// Its health: `Open` means ejected.
    pub health: BreakerState,
    /// Calls in flight on it.
    pub in_flight: usize,
    /// Its health breaker's counters.
    pub counters: BreakerCounters,
}

/// Makes the service that carries calls to one endpoint: what a [`Balanced`]
/// client balances over. [`ChannelBuilder`] makes a [`Channel`] per address;
/// another implementation can put any transport (or a test double) there.
pub trait MakeEndpoint: Send + Sync + 'static {
    /// The service of one endpoint.
    type Service: Service<ClientRequest, Response = ClientReply, Error = Error, Future: Send + 'static>
        + Clone
        + Send
        + 'static;

    /// The service for the endpoint at `address` (a socket address, or a
    /// `host:port` name when no runtime resolves names).
    fn make_endpoint(&self, address: &str) -> Self::Service;

    /// Calls in flight on `service` now, for [`EndpointSnapshot::in_flight`].
    fn in_flight(service: &Self::Service) -> usize;
}

impl MakeEndpoint for ChannelBuilder {
    type Service = Channel;

    fn make_endpoint(&self, address: &str) -> Channel {
        self.clone().endpoint(address.to_owned()).build()
    }

    fn in_flight(channel: &Channel) -> usize {
        channel.in_flight()
    }
}

/// One endpoint inside the balancer: a service that is "not ready" while
/// its health breaker refuses calls.
struct EndpointService<S> {
    channel: S,
    health: CircuitBreaker,
    /// Created on first use: building a `Sleep` needs a runtime, building a
    /// client does not.
    cool_down: Option<Pin<Box<Sleep>>>,
}

impl<S> Service<ClientRequest> for EndpointService<S>
where
    S: Service<ClientRequest, Response = ClientReply, Error = Error>,
{
    type Response = ClientReply;
    type Error = Error;
    type Future = BreakerFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        match self.health.poll_admissible(cx) {
            Ok(()) => Poll::Ready(Ok(())),
            Err(NotAdmitted::TrialsBusy) => Poll::Pending,
            Err(NotAdmitted::OpenUntil(until)) => {
                let sleep = self
                    .cool_down
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(until)));
                sleep.as_mut().reset(until);
                match sleep.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Ok(())),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn call(&mut self, request: ClientRequest) -> Self::Future {
        match self.health.admit() {
            Ok(permit) => {
                BreakerFuture::admitted(self.channel.call(request), permit, Outcome::of_endpoint)
            }
            Err(_) => BreakerFuture::refused(),
        }
    }
}

type Endpoint<S> = PendingRequests<EndpointService<S>, CompleteOnResponse>;
type EndpointChange<S> = Change<String, Endpoint<S>>;

/// The balancer's view of endpoint changes: a channel fed at build time
/// (fixed addresses) and by the resolver task (names).
struct Discovery<S> {
    changes: mpsc::UnboundedReceiver<EndpointChange<S>>,
}

impl<S> Stream for Discovery<S> {
    type Item = Result<EndpointChange<S>, Infallible>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.changes.poll_recv(cx).map(|change| change.map(Ok))
    }
}

type P2c<S> = Balance<Discovery<S>, ClientRequest>;
type P2cFuture<S> = <P2c<S> as Service<ClientRequest>>::Future;

struct Picker<S> {
    p2c: P2c<S>,
    /// Calls waiting for a ready endpoint: p2c remembers only the last
    /// waker, so whoever finds an endpoint ready (or gives up) wakes these.
    waiters: Vec<Waker>,
}

struct EndpointEntry<S> {
    channel: S,
    health: CircuitBreaker,
}

struct Shared<M: MakeEndpoint> {
    picker: Mutex<Picker<M::Service>>,
    registry: Mutex<HashMap<String, EndpointEntry<M::Service>>>,
    changes: mpsc::UnboundedSender<EndpointChange<M::Service>>,
    template: M,
    config: BalanceConfig,
    /// Every name has been resolved at least once (so "no endpoint" is
    /// final, not "not yet").
    discovered: AtomicBool,
}

/// A client over a set of endpoints, balanced by power of two choices; a
/// cheap `Clone` tower `Service<ClientRequest>`. Each endpoint's service is
/// made by `M` (a [`Channel`] by default).
pub struct Balanced<M: MakeEndpoint = ChannelBuilder> {
    shared: Arc<Shared<M>>,
}

impl<M: MakeEndpoint> Clone for Balanced<M> {
    fn clone(&self) -> Self {
        Balanced {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<M: MakeEndpoint> fmt::Debug for Balanced<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Balanced")
            .field("endpoints", &self.endpoints())
            .finish_non_exhaustive()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    match mutex.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

impl<M: MakeEndpoint> Balanced<M> {
    /// A balanced client over `endpoints`, each a service made by
    /// `template` (for a [`ChannelBuilder`], a channel configured like it).
    /// Socket addresses are fixed; anything else is a
    /// `host:port` name re-resolved in the background (when there is no
    /// tokio runtime here, a name is one endpoint, resolved by its channel
    /// at each connect).
    pub fn new(
        endpoints: impl IntoIterator<Item = String>,
        template: M,
        config: BalanceConfig,
    ) -> Self {
        let (changes, receiver) = mpsc::unbounded_channel();
        let shared = Arc::new(Shared {
            picker: Mutex::new(Picker {
                p2c: Balance::new(Discovery { changes: receiver }),
                waiters: Vec::new(),
            }),
            registry: Mutex::new(HashMap::new()),
            changes,
            template,
            config,
            discovered: AtomicBool::new(true),
        });
        let mut names = Vec::new();
        let runtime = tokio::runtime::Handle::try_current().ok();
        for endpoint in endpoints {
            if endpoint.parse::<SocketAddr>().is_ok() || runtime.is_none() {
                shared.insert(endpoint);
            } else {
                names.push(endpoint);
            }
        }
        if let (false, Some(runtime)) = (names.is_empty(), runtime) {
            shared.discovered.store(false, Ordering::Release);
            runtime.spawn(resolve_names(names, Arc::downgrade(&shared)));
        }
        Balanced { shared }
    }

    /// Every endpoint known now, with its health.
    pub fn endpoints(&self) -> Vec<EndpointSnapshot> {
        let registry = lock(&self.shared.registry);
        let mut endpoints: Vec<EndpointSnapshot> = registry
            .iter()
            .map(|(address, entry)| EndpointSnapshot {
                address: address.clone(),
                health: entry.health.state(),
                in_flight: M::in_flight(&entry.channel),
                counters: entry.health.counters(),
            })
            .collect();
        endpoints.sort_by(|a, b| a.address.cmp(&b.address));
        endpoints
    }

    /// Whether no call could be sent now: there are no endpoints after
    /// discovery, or every one is ejected.
    fn unavailable(&self, known: usize) -> bool {
        if known == 0 {
            return self.shared.discovered.load(Ordering::Acquire);
        }
        let registry = lock(&self.shared.registry);
        registry
            .values()
            .all(|entry| entry.health.state() == BreakerState::Open)
    }
}

impl<M: MakeEndpoint> Shared<M> {
    fn insert(&self, address: String) {
        let channel = self.template.make_endpoint(&address);
        let health = CircuitBreaker::new(
            format!("endpoint {address}"),
            self.config.endpoint_health.clone(),
        );
        let service = EndpointService {
            channel: channel.clone(),
            health: health.clone(),
            cool_down: None,
        };
        lock(&self.registry).insert(address.clone(), EndpointEntry { channel, health });
        let endpoint = PendingRequests::new(service, CompleteOnResponse::default());
        let _ = self.changes.send(Change::Insert(address, endpoint));
    }

    fn remove(&self, address: &str) {
        lock(&self.registry).remove(address);
        let _ = self.changes.send(Change::Remove(address.to_owned()));
    }
}

/// Resolves `names` now and every interval after, turning the difference
/// into endpoint changes; ends when the client is dropped. A name that fails
/// to resolve keeps its previous addresses.
async fn resolve_names<M: MakeEndpoint>(names: Vec<String>, shared: Weak<Shared<M>>) {
    let mut resolved: HashMap<String, HashSet<String>> = HashMap::new();
    loop {
        let mut wanted = HashSet::new();
        for name in &names {
            match tokio::net::lookup_host(name.as_str()).await {
                Ok(addrs) => {
                    let addrs: HashSet<String> = addrs.map(|addr| addr.to_string()).collect();
                    resolved.insert(name.clone(), addrs);
                }
                Err(err) => tracing::warn!(%name, error = %err, "could not resolve endpoint"),
            }
            if let Some(addrs) = resolved.get(name) {
                wanted.extend(addrs.iter().cloned());
            }
        }
        let Some(shared) = shared.upgrade() else {
            return;
        };
        let known: HashSet<String> = lock(&shared.registry).keys().cloned().collect();
        for gone in known.difference(&wanted) {
            tracing::info!(endpoint = %gone, "endpoint removed");
            shared.remove(gone);
        }
        for new in wanted.difference(&known) {
            tracing::info!(endpoint = %new, "endpoint added");
            shared.insert(new.clone());
        }
        shared.discovered.store(true, Ordering::Release);
        wake_all(&mut lock(&shared.picker).waiters);
        let interval = shared
            .config
            .resolve_interval
            .max(Duration::from_millis(10));
        drop(shared);
        tokio::time::sleep(interval).await;
    }
}

fn wake_all(waiters: &mut Vec<Waker>) {
    for waker in waiters.drain(..) {
        waker.wake();
    }
}

impl<M: MakeEndpoint> Service<ClientRequest> for Balanced<M> {
    type Response = ClientReply;
    type Error = Error;
    type Future = BalanceFuture<M>;

    #[inline]
    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        // Readiness is found per call, under the picker's lock, so that no
        // clone can take the endpoint another one was promised.
        Poll::Ready(Ok(()))
    }

    #[inline]
    fn call(&mut self, request: ClientRequest) -> BalanceFuture<M> {
        BalanceFuture {
            state: BalanceState::Picking {
                balanced: self.clone(),
                request: Some(request),
                waiting: false,
            },
        }
    }
}

pin_project_lite::pin_project! {
    /// The future of a balanced call: picks an endpoint, then waits for its
    /// reply.
    pub struct BalanceFuture<M: MakeEndpoint = ChannelBuilder> {
        #[pin]
        state: BalanceState<M>,
    }

    impl<M: MakeEndpoint> PinnedDrop for BalanceFuture<M> {
        fn drop(this: Pin<&mut Self>) {
            // A caller that gives up while waiting may be the one p2c would
            // have woken: pass the turn on.
            if let BalanceStateProj::Picking { balanced, waiting: true, .. } = this.project().state.project() {
                let mut picker = lock(&balanced.shared.picker);
                if let Some(waker) = picker.waiters.pop() {
                    waker.wake();
                }
            }
        }
    }
}

pin_project_lite::pin_project! {
    #[project = BalanceStateProj]
    enum BalanceState<M: MakeEndpoint> {
        Picking { balanced: Balanced<M>, request: Option<ClientRequest>, waiting: bool },
        Calling { #[pin] future: P2cFuture<M::Service> },
        Done,
    }
}

impl<M: MakeEndpoint> fmt::Debug for BalanceFuture<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BalanceFuture").finish_non_exhaustive()
    }
}

fn from_box(err: tower::BoxError) -> Error {
    match err.downcast::<Error>() {
        Ok(err) => *err,
        Err(other) => Error::Transport(TransportError::Io(Arc::new(std::io::Error::other(
            other.to_string(),
        )))),
    }
}

impl<M: MakeEndpoint> Future for BalanceFuture<M> {
    type Output = Result<ClientReply, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        loop {
            match this.state.as_mut().project() {
                BalanceStateProj::Picking {
                    balanced,
                    request,
                    waiting,
                } => {
                    let mut picker = lock(&balanced.shared.picker);
                    let future = match picker.p2c.poll_ready(cx) {
                        Poll::Ready(Ok(())) => {
                            let Some(request) = request.take() else {
                                return Poll::Ready(Err(Refusal::NoEndpoint.into()));
                            };
                            let future = picker.p2c.call(request);
                            wake_all(&mut picker.waiters);
                            future
                        }
                        Poll::Ready(Err(err)) => {
                            drop(picker);
                            *waiting = false;
                            this.state.set(BalanceState::Done);
                            return Poll::Ready(Err(from_box(err)));
                        }
                        Poll::Pending => {
                            let known = picker.p2c.len();
                            if balanced.unavailable(known) {
                                wake_all(&mut picker.waiters);
                                drop(picker);
                                *waiting = false;
                                this.state.set(BalanceState::Done);
                                return Poll::Ready(Err(Refusal::NoEndpoint.into()));
                            }
                            if !picker.waiters.iter().any(|w| w.will_wake(cx.waker())) {
                                picker.waiters.push(cx.waker().clone());
                            }
                            *waiting = true;
                            return Poll::Pending;
                        }
                    };
                    drop(picker);
                    *waiting = false;
                    this.state.set(BalanceState::Calling { future });
                }
                BalanceStateProj::Calling { future } => {
                    let result = std::task::ready!(future.poll(cx));
                    this.state.set(BalanceState::Done);
                    return Poll::Ready(result.map_err(from_box));
                }
                BalanceStateProj::Done => {
                    return Poll::Ready(Err(TransportError::ConnectionClosed.into()));
                }
            }
        }
    }
}
