//! trift-messaging: any Thrift service reachable through a message broker,
//! with the same generated clients and handlers as over TCP and HTTP.
//!
//! - [`Broker`] is the one broker abstraction; [`EmbeddedBroker`] is the
//!   in-process default; `AmqpBroker` (feature `amqp`) is RabbitMQ.
//! - [`MessagingChannel`] is the calling side (a tower service over
//!   `ClientRequest`s, wrapped by generated clients): notifications and
//!   events (oneway calls to a queue or topic) and request/async response
//!   (two-way calls with a reply queue, correlation ids and deadlines).
//! - [`Gather`] is publish/async responses: one request to a topic, the
//!   replies of every subscriber within a window, each with its sender.
//! - [`serve`] is the consuming side: a queue or subscription served by a
//!   generated `XServer` dispatcher under trift's one call policy.
//!
//! A broker message is [`Headers`] plus a body that is exactly one standard
//! Thrift message (binary, compact or JSON, named by the content type).

#[cfg(feature = "amqp")]
pub mod amqp;
pub mod broker;
mod client;
pub mod delivery;
pub mod embedded;
mod gather;
pub mod headers;
mod replies;
mod serve;
mod wire;

#[cfg(feature = "amqp")]
pub use amqp::{AmqpBroker, AmqpConfig};
pub use broker::{Address, Broker, BrokerError, Source};
pub use client::{ChannelConfig, MessagingChannel};
pub use delivery::{Consumer, Delivery};
pub use embedded::{EmbeddedBroker, EmbeddedConfig, Overflow};
pub use gather::{Gather, GatherService, Gathered};
pub use headers::{Headers, Message};
pub use serve::{ServeConfig, serve};
