//! Publish/async responses: one request published to a topic, the replies
//! of every subscriber that answers collected within a window (or until N
//! have arrived), each with its sender, and each decoded by the same
//! generated client method that made the request.
//!
//! [`Gather::collect`] calls the client closure once with a service that
//! publishes and collects, and returns the first reply to it; then once
//! per further reply with a service that hands back that reply without
//! publishing anything, so the generated method decodes each into its
//! typed result.

use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::sync::mpsc;
use tower::Service;
use trift::protocol::MessageType;
use trift::{ClientReply, ClientRequest, Error, TransportError};

use crate::broker::{Address, BoxFuture, Broker};
use crate::client::{ChannelConfig, MessagingChannel, deadline};
use crate::headers::Message;
use crate::replies::Waiter;

/// A publisher of requests to a topic that gathers the replies.
#[derive(Debug, Clone)]
pub struct Gather {
    channel: MessagingChannel,
}

/// One reply gathered, with its sender.
#[derive(Debug, Clone, PartialEq)]
pub struct Gathered<T> {
    /// Who answered (the `sender` header of the reply).
    pub sender: String,
    /// The reply, as the generated client method returned it.
    pub reply: T,
}

impl Gather {
    /// Publishes to the topic `topic` on `broker` with `config` (its
    /// timeout is unused: each collection has its own window).
    pub fn new(broker: Arc<dyn Broker>, topic: impl Into<String>, config: ChannelConfig) -> Self {
        Gather {
            channel: MessagingChannel::with_config(broker, Address::Topic(topic.into()), config),
        }
    }

    /// Publishes the request `call` makes through the service it is given
    /// and collects the replies that arrive within `window` or until
    /// `max` have arrived, in arrival order. `call` is typically
    /// `|service| async move { XClient::new(service).method(args).await }`.
    pub async fn collect<F, Fut, T>(
        &self,
        window: Duration,
        max: usize,
        call: F,
    ) -> Vec<Gathered<T>>
    where
        F: Fn(GatherService) -> Fut,
        Fut: Future<Output = T>,
    {
        let collected: Collected = Arc::default();
        let first = call(GatherService {
            mode: Mode::Publish {
                channel: self.channel.clone(),
                window,
                max: max.max(1),
                collected: Arc::clone(&collected),
            },
        })
        .await;
        let messages = std::mem::take(
            &mut *collected
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        let mut messages = messages.into_iter();
        let Some(head) = messages.next() else {
            return Vec::new();
        };
        let mut gathered = vec![Gathered {
            sender: head.headers.sender.unwrap_or_default(),
            reply: first,
        }];
        for message in messages {
            let sender = message.headers.sender.clone().unwrap_or_default();
            let service = GatherService {
                mode: Mode::Replay {
                    channel: self.channel.clone(),
                    reply: Arc::new(Mutex::new(Some(message))),
                },
            };
            gathered.push(Gathered {
                sender,
                reply: call(service).await,
            });
        }
        gathered
    }
}

type Collected = Arc<Mutex<Vec<Message>>>;

/// The client call path [`Gather::collect`] hands its closure.
#[derive(Debug, Clone)]
pub struct GatherService {
    mode: Mode,
}

#[derive(Debug, Clone)]
enum Mode {
    Publish {
        channel: MessagingChannel,
        window: Duration,
        max: usize,
        collected: Collected,
    },
    Replay {
        channel: MessagingChannel,
        reply: Arc<Mutex<Option<Message>>>,
    },
}

impl Service<ClientRequest> for GatherService {
    type Response = ClientReply;
    type Error = Error;
    type Future = BoxFuture<'static, Result<ClientReply, Error>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: ClientRequest) -> Self::Future {
        match self.mode.clone() {
            Mode::Publish {
                channel,
                window,
                max,
                collected,
            } => Box::pin(publish(channel, request, window, max, collected)),
            Mode::Replay { channel, reply } => {
                let reply = reply
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .take();
                Box::pin(async move {
                    match reply {
                        Some(message) => channel.reply(message),
                        None => Err(Error::Transport(TransportError::ConnectionClosed)),
                    }
                })
            }
        }
    }
}

/// Publishes `request` and collects its replies into `collected`,
/// answering with the first.
async fn publish(
    channel: MessagingChannel,
    request: ClientRequest,
    window: Duration,
    max: usize,
    collected: Collected,
) -> Result<ClientReply, Error> {
    let mut message = channel.message(&request)?;
    if request.kind == MessageType::Oneway {
        channel.publish(message).await?;
        return Ok(ClientReply::Sent);
    }
    let replies = channel.replies().await?;
    let correlation_id = message.headers.message_id.clone();
    message.headers.correlation_id = Some(correlation_id.clone());
    message.headers.reply_to = Some(replies.queue.clone());
    message.headers.deadline_ms = Some(deadline(window));
    let (tx, mut rx) = mpsc::unbounded_channel();
    replies.wait(correlation_id.clone(), Waiter::Many(tx));
    if let Err(err) = channel.publish(message).await {
        replies.forget(&correlation_id);
        return Err(err);
    }
    let mut got = Vec::new();
    let until = tokio::time::Instant::now() + window;
    while got.len() < max {
        match tokio::time::timeout_at(until, rx.recv()).await {
            Ok(Some(reply)) => got.push(reply),
            Ok(None) | Err(_) => break,
        }
    }
    replies.forget(&correlation_id);
    let first = got.first().cloned();
    *collected
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = got;
    match first {
        Some(message) => channel.reply(message),
        None => Err(Error::Transport(TransportError::CallTimeout(window))),
    }
}
