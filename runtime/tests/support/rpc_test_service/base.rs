//! Shape that codegen emits for `service Base { string ping() }`.

use std::future::Future;
use std::sync::Arc;
use std::task::{Context, Poll};

use trift::protocol::{ProtocolReader, ProtocolResult, ProtocolWriter, TType};
use trift::server::BoxReplyFuture;
use trift::{ClientRequest, Decode, Encode, ServerReply, ServerRequest, WireType};

use super::{read_struct, write_field};

/// `ping_args`: no fields.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PingArgs {}

impl WireType for PingArgs {
    const TTYPE: TType = TType::Struct;
}

impl Encode for PingArgs {
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        writer.write_struct_begin("ping_args")?;
        writer.write_field_stop()?;
        writer.write_struct_end()
    }
}

impl Decode for PingArgs {
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        read_struct(reader, |_, _, _| Ok(false))?;
        Ok(PingArgs {})
    }
}

/// `ping_result`: `0: string success`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PingResult {
    pub success: Option<String>,
}

impl WireType for PingResult {
    const TTYPE: TType = TType::Struct;
}

impl Encode for PingResult {
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        writer.write_struct_begin("ping_result")?;
        if let Some(value) = &self.success {
            write_field(writer, "success", 0, value)?;
        }
        writer.write_field_stop()?;
        writer.write_struct_end()
    }
}

impl Decode for PingResult {
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        let mut out = PingResult::default();
        read_struct(reader, |reader, id, ttype| {
            Ok(match (id, ttype) {
                (0, TType::String) => {
                    out.success = Some(String::decode(reader)?);
                    true
                }
                _ => false,
            })
        })?;
        Ok(out)
    }
}

method_error! {
    /// Why `ping` failed.
    PingError {}
}

/// The handler of `Base`.
pub trait Base: Send + Sync + 'static {
    /// `string ping()`.
    fn ping(&self) -> impl Future<Output = Result<String, PingError>> + Send;
}

/// Dispatches a call to one of `Base`'s own methods, or gives the request
/// back when the method is not one of them.
// The request goes back by value when the method is not ours: boxing it
// would cost an allocation per call.
#[allow(clippy::result_large_err)]
pub fn dispatch<H: Base + ?Sized>(
    handler: &Arc<H>,
    mut request: ServerRequest,
) -> Result<BoxReplyFuture, ServerRequest> {
    match request.method() {
        "ping" => {
            if let Err(err) = request.decode_args::<PingArgs>() {
                return Ok(trift::server::ready_reply(request.protocol_error(&err)));
            }
            let reply_to = request.into_reply_to();
            let handler = Arc::clone(handler);
            Ok(Box::pin(async move {
                let reply = match handler.ping().await {
                    Ok(success) => reply_to.reply(PingResult {
                        success: Some(success),
                    }),
                    Err(err) => reply_to.exception(err.into_application_exception()),
                };
                Ok(Some(reply))
            }))
        }
        _ => Err(request),
    }
}

/// The dispatcher serving a `Base` handler.
#[derive(Debug)]
pub struct BaseServer<H: ?Sized> {
    handler: Arc<H>,
}

impl<H> BaseServer<H> {
    /// Serves `handler`.
    pub fn new(handler: H) -> Self {
        BaseServer {
            handler: Arc::new(handler),
        }
    }
}

impl<H: ?Sized> BaseServer<H> {
    /// Serves a shared handler.
    pub fn from_arc(handler: Arc<H>) -> Self {
        BaseServer { handler }
    }
}

impl<H: ?Sized> Clone for BaseServer<H> {
    fn clone(&self) -> Self {
        BaseServer {
            handler: Arc::clone(&self.handler),
        }
    }
}

impl<H: Base + ?Sized> tower::Service<ServerRequest> for BaseServer<H> {
    type Response = Option<ServerReply>;
    type Error = std::convert::Infallible;
    type Future = BoxReplyFuture;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: ServerRequest) -> Self::Future {
        match dispatch(&self.handler, request) {
            Ok(future) => future,
            Err(request) => trift::server::ready_reply(request.unknown_method()),
        }
    }
}

/// The typed client of `Base`.
#[derive(Debug, Clone)]
pub struct BaseClient<S = trift::Channel> {
    service: S,
}

impl<S: trift::client::ClientService> BaseClient<S> {
    /// A client calling through `service` (a `Channel`, or a tower stack
    /// around one).
    pub fn new(service: S) -> Self {
        BaseClient { service }
    }

    /// The service calls go through.
    pub fn service(&self) -> &S {
        &self.service
    }

    /// `string ping()`.
    pub fn ping(&self) -> impl Future<Output = Result<String, PingError>> + Send + 'static {
        let request = ClientRequest::call("ping", PingArgs {});
        let reply = trift::client::call(&self.service, request);
        async move {
            let reply = reply.await?;
            match reply.decode_result::<PingResult>()? {
                PingResult {
                    success: Some(success),
                } => Ok(success),
                PingResult { success: None } => Err(trift::message::missing_result("ping").into()),
            }
        }
    }
}
