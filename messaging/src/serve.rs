//! The consuming side: serves a queue or subscription with any
//! `trift` server service (a generated `XServer` dispatcher, a multiplexed
//! service, layers around them) under the same call policy as TCP and
//! HTTP, acking each message after its handler finished.
//!
//! | the delivery                                     | what happens                      |
//! |--------------------------------------------------|-----------------------------------|
//! | handled (a declared exception is handled)        | reply sent (two-way), acked       |
//! | content type names no protocol, header undecodable, above the size limit | dead-lettered |
//! | not a call, unknown method, arguments undecodable | exception reply (two-way), dead-lettered |
//! | deadline passed before delivery                  | dead-lettered, handler not called |
//! | handler failed or panicked, two-way              | `INTERNAL_ERROR` reply, dead-lettered |
//! | handler failed or panicked, oneway               | retried; dead-lettered after N    |
//! | reply could not be published                     | retried                           |
//!
//! Every dead-lettered message carries the reason in its `death_reason`
//! header, and is logged; the consumer goes on with the next message.

use std::sync::Arc;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use trift::protocol::Limits;
use trift::server::{CallFailure, ServerService, serve_message};

use crate::broker::{Broker, BrokerError, Source};
use crate::delivery::Delivery;
use crate::headers::{Headers, Message, content_type, now_millis};
use crate::wire;

/// How a consumer serves its source.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Size and nesting limits for received messages (default: Apache's).
    pub limits: Limits,
    /// Messages handled at the same time (default 16; at least 1).
    pub concurrency: usize,
    /// The sender named in replies (default: the source and a random id).
    pub sender: Option<String>,
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            limits: Limits::default(),
            concurrency: 16,
            sender: None,
        }
    }
}

/// Serves `source` on `broker` with `service` until the broker closes the
/// consumer (or the future is dropped: messages being handled then are
/// redelivered).
pub async fn serve<S: ServerService>(
    broker: Arc<dyn Broker>,
    source: Source,
    service: S,
    config: ServeConfig,
) -> Result<(), BrokerError> {
    let mut consumer = broker.consume(&source).await?;
    let sender: Arc<str> = match &config.sender {
        Some(sender) => sender.as_str().into(),
        None => format!("{}#{}", source.queue_name(), uuid::Uuid::new_v4()).into(),
    };
    let slots = Arc::new(Semaphore::new(config.concurrency.max(1)));
    let mut running = JoinSet::new();
    while let Some(delivery) = consumer.next().await {
        // Reap finished handlers so the set stays small.
        while running.try_join_next().is_some() {}
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
            break;
        };
        let mut service = service.clone();
        let broker = Arc::clone(&broker);
        let sender = Arc::clone(&sender);
        let limits = config.limits;
        running.spawn(async move {
            handle(&*broker, &mut service, delivery, limits, &sender).await;
            drop(slot);
        });
    }
    while running.join_next().await.is_some() {}
    Ok(())
}

/// Handles one delivery and settles it (see the module's table).
async fn handle<S: ServerService>(
    broker: &dyn Broker,
    service: &mut S,
    delivery: Delivery,
    limits: Limits,
    sender: &str,
) {
    let headers = &delivery.message.headers;
    let Some(protocol) = delivery.message.protocol() else {
        let reason = format!(
            "content type {:?} names no Thrift protocol",
            headers.content_type
        );
        return delivery.dead_letter(reason).await;
    };
    if let Some(deadline) = headers.deadline_ms
        && now_millis() > deadline
    {
        return delivery
            .dead_letter("the deadline passed before delivery")
            .await;
    }
    let message = match wire::incoming(protocol, delivery.message.body.clone(), limits) {
        Ok(message) => message,
        Err(err) => return delivery.dead_letter(format!("undecodable: {err}")).await,
    };
    let method = message.header.name.clone();
    let served = serve_message(service, protocol, message, "broker").await;
    let two_way = served.reply.is_some();
    if let (Some(reply), Some(reply_to)) = (served.reply, &headers.reply_to) {
        let reply = Message {
            headers: Headers {
                content_type: content_type(protocol).to_owned(),
                message_id: uuid::Uuid::new_v4().to_string(),
                correlation_id: headers.correlation_id.clone(),
                timestamp_ms: now_millis(),
                method,
                sender: Some(sender.to_owned()),
                ..Headers::default()
            },
            body: reply.into(),
        };
        if let Err(err) = broker.reply(reply_to, reply).await {
            tracing::warn!(%reply_to, error = %err, "reply could not be published");
            return delivery
                .retry(format!("reply could not be published: {err}"))
                .await;
        }
    }
    match served.failure {
        None => delivery.ack().await,
        Some(CallFailure::Refused(reason)) => delivery.dead_letter(reason).await,
        Some(CallFailure::Failed(reason)) if two_way => delivery.dead_letter(reason).await,
        Some(CallFailure::Failed(reason)) => delivery.retry(reason).await,
    }
}
