//! TMultiplexedProtocol on the server: several services on one port, each
//! call naming its service as `Service:method`.
//!
//! The name is split at the first `:`; the service gets the bare method name
//! and its replies carry the bare name, as Apache's `TMultiplexedProcessor`
//! does. Names without `:` go to the default service, if one is set, so old
//! non-multiplexed clients keep working.

use std::collections::HashMap;
use std::task::{Context, Poll};

use tower::util::BoxCloneService;
use tower::{Service, ServiceExt};

use super::BoxError;
use crate::application_exception::{ApplicationException, ApplicationExceptionKind};
use crate::message::{ServerReply, ServerRequest};
use crate::protocol::MessageType;

type BoxedService = BoxCloneService<ServerRequest, Option<ServerReply>, BoxError>;

/// Registers services by name: `MultiplexedService::builder().service("Calc",
/// CalculatorServer::new(handler)).build()`.
#[derive(Default)]
pub struct MultiplexedServiceBuilder {
    services: HashMap<String, BoxedService>,
    default: Option<BoxedService>,
}

impl std::fmt::Debug for MultiplexedServiceBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MultiplexedServiceBuilder")
            .field("services", &self.services.keys().collect::<Vec<_>>())
            .field("default", &self.default.is_some())
            .finish()
    }
}

fn boxed<S>(service: S) -> BoxedService
where
    S: Service<ServerRequest, Response = Option<ServerReply>> + Clone + Send + 'static,
    S::Error: Into<BoxError>,
    S::Future: Send + 'static,
{
    BoxCloneService::new(service.map_err(Into::into))
}

impl MultiplexedServiceBuilder {
    /// Serves `service` for calls named `name:method`.
    pub fn service<S>(mut self, name: impl Into<String>, service: S) -> Self
    where
        S: Service<ServerRequest, Response = Option<ServerReply>> + Clone + Send + 'static,
        S::Error: Into<BoxError>,
        S::Future: Send + 'static,
    {
        self.services.insert(name.into(), boxed(service));
        self
    }

    /// Serves `service` for calls whose name has no `Service:` prefix.
    pub fn default_service<S>(mut self, service: S) -> Self
    where
        S: Service<ServerRequest, Response = Option<ServerReply>> + Clone + Send + 'static,
        S::Error: Into<BoxError>,
        S::Future: Send + 'static,
    {
        self.default = Some(boxed(service));
        self
    }

    /// The multiplexing service.
    pub fn build(self) -> MultiplexedService {
        MultiplexedService {
            services: self.services,
            default: self.default,
        }
    }
}

/// Routes `Service:method` calls to the service registered under `Service`.
#[derive(Clone)]
pub struct MultiplexedService {
    services: HashMap<String, BoxedService>,
    default: Option<BoxedService>,
}

impl std::fmt::Debug for MultiplexedService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MultiplexedService")
            .field("services", &self.services.keys().collect::<Vec<_>>())
            .field("default", &self.default.is_some())
            .finish()
    }
}

impl MultiplexedService {
    /// A builder with no services registered.
    pub fn builder() -> MultiplexedServiceBuilder {
        MultiplexedServiceBuilder::default()
    }

    fn route(&self, request: &mut ServerRequest) -> Result<BoxedService, ApplicationException> {
        let name = &mut request.message.header.name;
        match name.split_once(':') {
            Some((service, _)) => match self.services.get(service) {
                Some(found) => {
                    let found = found.clone();
                    let prefix = service.len() + 1;
                    name.drain(..prefix);
                    Ok(found)
                }
                None => Err(ApplicationException::new(
                    ApplicationExceptionKind::UnknownMethod,
                    format!("unknown service {service} (method {name})"),
                )),
            },
            None => self.default.clone().ok_or_else(|| {
                ApplicationException::new(
                    ApplicationExceptionKind::UnknownMethod,
                    format!("method {name} names no service and there is no default service"),
                )
            }),
        }
    }
}

impl Service<ServerRequest> for MultiplexedService {
    type Response = Option<ServerReply>;
    type Error = BoxError;
    type Future = MultiplexFuture;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        // Readiness is checked per routed service inside the call.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut request: ServerRequest) -> Self::Future {
        match self.route(&mut request) {
            Ok(service) => Box::pin(service.oneshot(request)),
            Err(exception) => {
                let reply = if request.kind() == MessageType::Oneway {
                    None
                } else {
                    Some(request.into_reply_to().exception(exception))
                };
                Box::pin(std::future::ready(Ok(reply)))
            }
        }
    }
}

/// The future of a [`MultiplexedService`] call.
pub type MultiplexFuture = std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<Option<ServerReply>, BoxError>> + Send + 'static>,
>;
