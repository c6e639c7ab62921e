//! The calling side: [`MessagingChannel`], a tower service over
//! `ClientRequest`s that generated clients wrap unchanged. A oneway call
//! publishes one message (a notification on a queue, an event on a
//! topic); a two-way call publishes a request with `reply_to` (the
//! client's own reply queue) and a correlation id, and awaits the matching
//! reply within the channel's timeout.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::sync::{OnceCell, oneshot};
use tower::Service;
use trift::protocol::{Limits, MessageType};
use trift::{ClientReply, ClientRequest, Error, Protocol, TransportError};

use crate::broker::{Address, BoxFuture, Broker, BrokerError};
use crate::headers::{Message, now_millis, protocol_of};
use crate::replies::{Replies, Waiter};
use crate::wire;

/// How a [`MessagingChannel`] sends.
#[derive(Debug, Clone, Copy)]
pub struct ChannelConfig {
    /// The protocol of the bodies it publishes (default binary).
    pub protocol: Protocol,
    /// How long a two-way call waits for its reply; also sent as the
    /// request's deadline (default 30 s).
    pub timeout: Duration,
    /// Size and nesting limits, for requests and replies alike (default:
    /// Apache's).
    pub limits: Limits,
}

impl Default for ChannelConfig {
    fn default() -> Self {
        ChannelConfig {
            protocol: Protocol::Binary,
            timeout: Duration::from_secs(30),
            limits: Limits::default(),
        }
    }
}

/// A client call path over a broker address: what a generated client
/// wraps (`XClient::new(channel)`). Cheap to clone; clones share one reply
/// queue, created at the first two-way call.
#[derive(Debug, Clone)]
pub struct MessagingChannel {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    broker: Arc<dyn Broker>,
    to: Address,
    config: ChannelConfig,
    replies: OnceCell<Replies>,
    seqid: AtomicI32,
}

impl MessagingChannel {
    /// A channel publishing to `to` on `broker`, with the default settings.
    pub fn new(broker: Arc<dyn Broker>, to: Address) -> Self {
        MessagingChannel::with_config(broker, to, ChannelConfig::default())
    }

    /// A channel publishing to `to` on `broker` with `config`.
    pub fn with_config(broker: Arc<dyn Broker>, to: Address, config: ChannelConfig) -> Self {
        MessagingChannel {
            inner: Arc::new(Inner {
                broker,
                to,
                config,
                replies: OnceCell::new(),
                seqid: AtomicI32::new(0),
            }),
        }
    }

    /// The settings.
    pub fn config(&self) -> &ChannelConfig {
        &self.inner.config
    }

    /// Encodes `request` as a broker message (fresh message id, no reply
    /// address yet), refusing one above the size limit.
    pub(crate) fn message(&self, request: &ClientRequest) -> Result<Message, Error> {
        let config = &self.inner.config;
        let seqid = self.inner.seqid.fetch_add(1, Ordering::Relaxed);
        let body = wire::encode(
            config.protocol,
            &request.method,
            request.kind,
            seqid,
            &*request.args,
        )?;
        let max = config.limits.max_message_size;
        if body.len() > max {
            let size = body.len();
            return Err(Error::Transport(TransportError::FrameTooLarge {
                size,
                max,
            }));
        }
        Ok(Message::new(config.protocol, &request.method, body.into()))
    }

    /// Publishes `message` to the channel's address.
    pub(crate) async fn publish(&self, message: Message) -> Result<(), Error> {
        let inner = &self.inner;
        inner
            .broker
            .publish(&inner.to, message)
            .await
            .map_err(broker_error)
    }

    /// The reply queue, created at the first use.
    pub(crate) async fn replies(&self) -> Result<&Replies, Error> {
        let inner = &self.inner;
        inner
            .replies
            .get_or_try_init(|| Replies::start(&*inner.broker))
            .await
            .map_err(broker_error)
    }

    /// Decodes a reply message as the generated client expects it.
    pub(crate) fn reply(&self, message: Message) -> Result<ClientReply, Error> {
        let config = &self.inner.config;
        let protocol = protocol_of(&message.headers.content_type).unwrap_or(config.protocol);
        Ok(ClientReply::Message(wire::incoming(
            protocol,
            message.body,
            config.limits,
        )?))
    }

    async fn send(self, request: ClientRequest) -> Result<ClientReply, Error> {
        let mut message = self.message(&request)?;
        if request.kind == MessageType::Oneway {
            self.publish(message).await?;
            return Ok(ClientReply::Sent);
        }
        let timeout = self.inner.config.timeout;
        let replies = self.replies().await?;
        let correlation_id = message.headers.message_id.clone();
        message.headers.correlation_id = Some(correlation_id.clone());
        message.headers.reply_to = Some(replies.queue.clone());
        message.headers.deadline_ms = Some(deadline(timeout));
        let (tx, rx) = oneshot::channel();
        replies.wait(correlation_id.clone(), Waiter::One(tx));
        if let Err(err) = self.publish(message).await {
            replies.forget(&correlation_id);
            return Err(err);
        }
        match tokio::time::timeout(timeout, rx).await {
            Ok(Ok(reply)) => self.reply(reply),
            Ok(Err(_)) => Err(Error::Transport(TransportError::ConnectionClosed)),
            Err(_) => {
                replies.forget(&correlation_id);
                Err(Error::Transport(TransportError::CallTimeout(timeout)))
            }
        }
    }
}

/// The deadline `timeout` from now, in milliseconds since the epoch.
pub(crate) fn deadline(timeout: Duration) -> u64 {
    let millis = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX);
    now_millis().saturating_add(millis)
}

/// A broker failure as the transport error a generated client returns.
pub(crate) fn broker_error(err: BrokerError) -> Error {
    let kind = match err {
        BrokerError::Full { .. } => io::ErrorKind::WouldBlock,
        BrokerError::Closed => io::ErrorKind::NotConnected,
        _ => io::ErrorKind::Other,
    };
    Error::Transport(TransportError::Io(Arc::new(io::Error::new(kind, err))))
}

impl Service<ClientRequest> for MessagingChannel {
    type Response = ClientReply;
    type Error = Error;
    type Future = BoxFuture<'static, Result<ClientReply, Error>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: ClientRequest) -> Self::Future {
        Box::pin(self.clone().send(request))
    }
}
