//! Shape that codegen emits for `service Calculator extends Base`. The args
//! and result structs come from `args_struct!`/`result_struct!`, whose
//! expansion `base.rs` spells out; everything else is written as emitted.

use std::future::Future;
use std::ops::Deref;
use std::sync::Arc;
use std::task::{Context, Poll};

use trift::server::BoxReplyFuture;
use trift::{ClientRequest, ServerReply, ServerRequest};

use super::base::{self, Base, BaseClient};
use super::{DivideByZero, Overflow};

args_struct!(
    /// `add_args`.
    AddArgs = "add_args" { a: i32 = 1, b: i32 = 2 }
);
result_struct!(
    /// `add_result`.
    AddResult = "add_result" { success: i64 = 0 }
);
method_error! {
    /// Why `add` failed.
    AddError {}
}

args_struct!(
    /// `record_args`.
    RecordArgs = "record_args" { entry: String = 1 }
);
result_struct!(
    /// `record_result` (void: no `success`).
    RecordResult = "record_result" {}
);
method_error! {
    /// Why `record` failed.
    RecordError {}
}

args_struct!(
    /// `last_entry_args`.
    LastEntryArgs = "last_entry_args" {}
);
result_struct!(
    /// `last_entry_result`.
    LastEntryResult = "last_entry_result" { success: String = 0 }
);
method_error! {
    /// Why `last_entry` failed.
    LastEntryError {}
}

args_struct!(
    /// `notify_args` (oneway: no result struct).
    NotifyArgs = "notify_args" { event: String = 1 }
);
method_error! {
    /// Why `notify` failed (client side: only while sending).
    NotifyError {}
}

args_struct!(
    /// `divide_args`.
    DivideArgs = "divide_args" { dividend: i32 = 1, divisor: i32 = 2 }
);
result_struct!(
    /// `divide_result`: success, then the declared exceptions by id.
    DivideResult = "divide_result" { success: i32 = 0, zero: DivideByZero = 1, overflow: Overflow = 2 }
);
method_error! {
    /// Why `divide` failed.
    DivideError { Zero(DivideByZero), Overflow(Overflow) }
}

args_struct!(
    /// `delayed_echo_args`.
    DelayedEchoArgs = "delayed_echo_args" { value: i32 = 1, sleep_ms: i32 = 2 }
);
result_struct!(
    /// `delayed_echo_result`.
    DelayedEchoResult = "delayed_echo_result" { success: i32 = 0 }
);
method_error! {
    /// Why `delayed_echo` failed.
    DelayedEchoError {}
}

args_struct!(
    /// `crash_args`.
    CrashArgs = "crash_args" {}
);
result_struct!(
    /// `crash_result`.
    CrashResult = "crash_result" {}
);
method_error! {
    /// Why `crash` failed.
    CrashError {}
}

/// The handler of `Calculator` (which extends `Base`).
pub trait Calculator: Base {
    /// `i64 add(1: i32 a, 2: i32 b)`.
    fn add(&self, a: i32, b: i32) -> impl Future<Output = Result<i64, AddError>> + Send;
    /// `void record(1: string entry)`.
    fn record(&self, entry: String) -> impl Future<Output = Result<(), RecordError>> + Send;
    /// `string last_entry()`.
    fn last_entry(&self) -> impl Future<Output = Result<String, LastEntryError>> + Send;
    /// `oneway void notify(1: string event)`.
    fn notify(&self, event: String) -> impl Future<Output = Result<(), NotifyError>> + Send;
    /// `i32 divide(1: i32 dividend, 2: i32 divisor) throws (1: DivideByZero zero, 2: Overflow overflow)`.
    fn divide(
        &self,
        dividend: i32,
        divisor: i32,
    ) -> impl Future<Output = Result<i32, DivideError>> + Send;
    /// `i32 delayed_echo(1: i32 value, 2: i32 sleep_ms)`.
    fn delayed_echo(
        &self,
        value: i32,
        sleep_ms: i32,
    ) -> impl Future<Output = Result<i32, DelayedEchoError>> + Send;
    /// `void crash()`.
    fn crash(&self) -> impl Future<Output = Result<(), CrashError>> + Send;
}

/// Decodes `request`'s arguments as `$args`, or returns the
/// `PROTOCOL_ERROR` reply from `dispatch`.
macro_rules! decode_args {
    ($request:ident, $args:ty) => {
        match $request.decode_args::<$args>() {
            Ok(args) => args,
            Err(err) => return Ok(trift::server::ready_reply($request.protocol_error(&err))),
        }
    };
}

/// Dispatches a call to one of `Calculator`'s own methods, or gives the
/// request back.
// The request goes back by value when the method is not ours: boxing it
// would cost an allocation per call.
#[allow(clippy::result_large_err)]
pub fn dispatch<H: Calculator + ?Sized>(
    handler: &Arc<H>,
    mut request: ServerRequest,
) -> Result<BoxReplyFuture, ServerRequest> {
    let handler = Arc::clone(handler);
    match request.method() {
        "add" => {
            let args = decode_args!(request, AddArgs);
            let reply_to = request.into_reply_to();
            Ok(Box::pin(async move {
                let reply = match handler.add(args.a, args.b).await {
                    Ok(success) => reply_to.reply(AddResult {
                        success: Some(success),
                    }),
                    Err(err) => reply_to.exception(err.into_application_exception()),
                };
                Ok(Some(reply))
            }))
        }
        "record" => {
            let args = decode_args!(request, RecordArgs);
            let reply_to = request.into_reply_to();
            Ok(Box::pin(async move {
                let reply = match handler.record(args.entry).await {
                    Ok(()) => reply_to.reply(RecordResult {}),
                    Err(err) => reply_to.exception(err.into_application_exception()),
                };
                Ok(Some(reply))
            }))
        }
        "last_entry" => {
            decode_args!(request, LastEntryArgs);
            let reply_to = request.into_reply_to();
            Ok(Box::pin(async move {
                let reply = match handler.last_entry().await {
                    Ok(success) => reply_to.reply(LastEntryResult {
                        success: Some(success),
                    }),
                    Err(err) => reply_to.exception(err.into_application_exception()),
                };
                Ok(Some(reply))
            }))
        }
        "notify" => {
            let args = decode_args!(request, NotifyArgs);
            Ok(Box::pin(async move {
                if let Err(err) = handler.notify(args.event).await {
                    trift::server::log_oneway_error("notify", &err);
                }
                Ok(None)
            }))
        }
        "divide" => {
            let args = decode_args!(request, DivideArgs);
            let reply_to = request.into_reply_to();
            Ok(Box::pin(async move {
                let result = match handler.divide(args.dividend, args.divisor).await {
                    Ok(success) => DivideResult {
                        success: Some(success),
                        ..DivideResult::default()
                    },
                    Err(DivideError::Zero(err)) => DivideResult {
                        zero: Some(err),
                        ..DivideResult::default()
                    },
                    Err(DivideError::Overflow(err)) => DivideResult {
                        overflow: Some(err),
                        ..DivideResult::default()
                    },
                    Err(err) => {
                        return Ok(Some(reply_to.exception(err.into_application_exception())));
                    }
                };
                Ok(Some(reply_to.reply(result)))
            }))
        }
        "delayed_echo" => {
            let args = decode_args!(request, DelayedEchoArgs);
            let reply_to = request.into_reply_to();
            Ok(Box::pin(async move {
                let reply = match handler.delayed_echo(args.value, args.sleep_ms).await {
                    Ok(success) => reply_to.reply(DelayedEchoResult {
                        success: Some(success),
                    }),
                    Err(err) => reply_to.exception(err.into_application_exception()),
                };
                Ok(Some(reply))
            }))
        }
        "crash" => {
            decode_args!(request, CrashArgs);
            let reply_to = request.into_reply_to();
            Ok(Box::pin(async move {
                let reply = match handler.crash().await {
                    Ok(()) => reply_to.reply(CrashResult {}),
                    Err(err) => reply_to.exception(err.into_application_exception()),
                };
                Ok(Some(reply))
            }))
        }
        _ => Err(request),
    }
}

/// The dispatcher serving a `Calculator` handler: its own methods, then
/// `Base`'s.
#[derive(Debug)]
pub struct CalculatorServer<H: ?Sized> {
    handler: Arc<H>,
}

impl<H> CalculatorServer<H> {
    /// Serves `handler`.
    pub fn new(handler: H) -> Self {
        CalculatorServer {
            handler: Arc::new(handler),
        }
    }
}

impl<H: ?Sized> CalculatorServer<H> {
    /// Serves a shared handler.
    pub fn from_arc(handler: Arc<H>) -> Self {
        CalculatorServer { handler }
    }
}

impl<H: ?Sized> Clone for CalculatorServer<H> {
    fn clone(&self) -> Self {
        CalculatorServer {
            handler: Arc::clone(&self.handler),
        }
    }
}

impl<H: Calculator + ?Sized> tower::Service<ServerRequest> for CalculatorServer<H> {
    type Response = Option<ServerReply>;
    type Error = std::convert::Infallible;
    type Future = BoxReplyFuture;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: ServerRequest) -> Self::Future {
        let request = match dispatch(&self.handler, request) {
            Ok(future) => return future,
            Err(request) => request,
        };
        match base::dispatch(&self.handler, request) {
            Ok(future) => future,
            Err(request) => trift::server::ready_reply(request.unknown_method()),
        }
    }
}

/// The typed client of `Calculator`; derefs to [`BaseClient`] for the
/// inherited methods.
#[derive(Debug, Clone)]
pub struct CalculatorClient<S = trift::Channel> {
    parent: BaseClient<S>,
}

impl<S> Deref for CalculatorClient<S> {
    type Target = BaseClient<S>;

    fn deref(&self) -> &BaseClient<S> {
        &self.parent
    }
}

impl<S: trift::client::ClientService> CalculatorClient<S> {
    /// A client calling through `service`.
    pub fn new(service: S) -> Self {
        CalculatorClient {
            parent: BaseClient::new(service),
        }
    }

    /// `i64 add(1: i32 a, 2: i32 b)`.
    pub fn add(
        &self,
        a: i32,
        b: i32,
    ) -> impl Future<Output = Result<i64, AddError>> + Send + 'static {
        let request = ClientRequest::call("add", AddArgs { a, b });
        let reply = trift::client::call(self.service(), request);
        async move {
            let reply = reply.await?;
            match reply.decode_result::<AddResult>()? {
                AddResult {
                    success: Some(success),
                } => Ok(success),
                _ => Err(trift::message::missing_result("add").into()),
            }
        }
    }

    /// `void record(1: string entry)`.
    pub fn record(
        &self,
        entry: String,
    ) -> impl Future<Output = Result<(), RecordError>> + Send + 'static {
        let request = ClientRequest::call("record", RecordArgs { entry });
        let reply = trift::client::call(self.service(), request);
        async move {
            let reply = reply.await?;
            let RecordResult {} = reply.decode_result::<RecordResult>()?;
            Ok(())
        }
    }

    /// `string last_entry()`.
    pub fn last_entry(
        &self,
    ) -> impl Future<Output = Result<String, LastEntryError>> + Send + 'static {
        let request = ClientRequest::call("last_entry", LastEntryArgs {});
        let reply = trift::client::call(self.service(), request);
        async move {
            let reply = reply.await?;
            match reply.decode_result::<LastEntryResult>()? {
                LastEntryResult {
                    success: Some(success),
                } => Ok(success),
                _ => Err(trift::message::missing_result("last_entry").into()),
            }
        }
    }

    /// `oneway void notify(1: string event)`: returns once the request is
    /// written.
    pub fn notify(
        &self,
        event: String,
    ) -> impl Future<Output = Result<(), NotifyError>> + Send + 'static {
        let request = ClientRequest::oneway("notify", NotifyArgs { event });
        let sent = trift::client::call(self.service(), request);
        async move {
            sent.await?;
            Ok(())
        }
    }

    /// `i32 divide(1: i32 dividend, 2: i32 divisor) throws (1: DivideByZero zero, 2: Overflow overflow)`.
    pub fn divide(
        &self,
        dividend: i32,
        divisor: i32,
    ) -> impl Future<Output = Result<i32, DivideError>> + Send + 'static {
        let request = ClientRequest::call("divide", DivideArgs { dividend, divisor });
        let reply = trift::client::call(self.service(), request);
        async move {
            let reply = reply.await?;
            match reply.decode_result::<DivideResult>()? {
                DivideResult {
                    success: Some(success),
                    ..
                } => Ok(success),
                DivideResult {
                    zero: Some(err), ..
                } => Err(DivideError::Zero(err)),
                DivideResult {
                    overflow: Some(err),
                    ..
                } => Err(DivideError::Overflow(err)),
                _ => Err(trift::message::missing_result("divide").into()),
            }
        }
    }

    /// `i32 delayed_echo(1: i32 value, 2: i32 sleep_ms)`.
    pub fn delayed_echo(
        &self,
        value: i32,
        sleep_ms: i32,
    ) -> impl Future<Output = Result<i32, DelayedEchoError>> + Send + 'static {
        let request = ClientRequest::call("delayed_echo", DelayedEchoArgs { value, sleep_ms });
        let reply = trift::client::call(self.service(), request);
        async move {
            let reply = reply.await?;
            match reply.decode_result::<DelayedEchoResult>()? {
                DelayedEchoResult {
                    success: Some(success),
                } => Ok(success),
                _ => Err(trift::message::missing_result("delayed_echo").into()),
            }
        }
    }

    /// `void crash()`.
    pub fn crash(&self) -> impl Future<Output = Result<(), CrashError>> + Send + 'static {
        let request = ClientRequest::call("crash", CrashArgs {});
        let reply = trift::client::call(self.service(), request);
        async move {
            let reply = reply.await?;
            let CrashResult {} = reply.decode_result::<CrashResult>()?;
            Ok(())
        }
    }
}
