//! `service Bench` of `idl/bench.thrift`, written by hand in the shape trift's
//! code generator emits (see `runtime/tests/support/rpc_test_service.rs`):
//! data types with `Encode`/`Decode`, `*Args`/`*Result` structs, the handler
//! trait, `dispatch` and the `BenchServer` tower dispatcher. Replace with the
//! generated module once service codegen lands.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::task::{Context, Poll};

use trift::protocol::{
    ProtocolError, ProtocolErrorKind, ProtocolReader, ProtocolResult, ProtocolWriter, TType, skip,
};
use trift::server::BoxReplyFuture;
use trift::{Bytes, Decode, Encode, ServerReply, ServerRequest, WireType};

fn missing(field: &str) -> ProtocolError {
    ProtocolError::new(
        ProtocolErrorKind::MissingOrExtraField,
        format!("required field {field} is missing"),
    )
}

fn write_field<W: ProtocolWriter, T: Encode>(
    writer: &mut W,
    name: &str,
    id: i16,
    value: &T,
) -> ProtocolResult<()> {
    writer.write_field_begin(name, T::TTYPE, id)?;
    value.encode(writer)?;
    writer.write_field_end()
}

/// `struct Owner`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Owner {
    /// Field 1, required.
    pub id: i64,
    /// Field 2.
    pub name: String,
    /// Field 3.
    pub admin: bool,
}

impl WireType for Owner {
    const TTYPE: TType = TType::Struct;
}

impl Encode for Owner {
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        writer.write_struct_begin("Owner")?;
        write_field(writer, "id", 1, &self.id)?;
        write_field(writer, "name", 2, &self.name)?;
        write_field(writer, "admin", 3, &self.admin)?;
        writer.write_field_stop()?;
        writer.write_struct_end()
    }
}

impl Decode for Owner {
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        let mut id = None;
        let mut out = Owner::default();
        reader.read_struct_begin()?;
        loop {
            let field = reader.read_field_begin()?;
            match (field.id, field.ttype) {
                (_, TType::Stop) => break,
                (1, TType::I64) => id = Some(i64::decode(reader)?),
                (2, TType::String) => out.name = String::decode(reader)?,
                (3, TType::Bool) => out.admin = bool::decode(reader)?,
                (_, other) => skip(reader, other)?,
            }
            reader.read_field_end()?;
        }
        reader.read_struct_end()?;
        out.id = id.ok_or_else(|| missing("Owner.id"))?;
        Ok(out)
    }
}

/// `struct Record`: the realistic ~1 KiB message.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Record {
    /// Field 1, required.
    pub id: i64,
    /// Field 2.
    pub account_id: i64,
    /// Field 3.
    pub name: String,
    /// Field 4.
    pub email: String,
    /// Field 5.
    pub item_ids: Vec<i64>,
    /// Field 6.
    pub tags: HashMap<String, String>,
    /// Field 7.
    pub payload: Bytes,
    /// Field 8.
    pub owner: Owner,
    /// Field 9.
    pub active: bool,
    /// Field 10.
    pub verified: bool,
    /// Field 11.
    pub score: f64,
}

impl WireType for Record {
    const TTYPE: TType = TType::Struct;
}

impl Encode for Record {
    fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
        writer.write_struct_begin("Record")?;
        write_field(writer, "id", 1, &self.id)?;
        write_field(writer, "account_id", 2, &self.account_id)?;
        write_field(writer, "name", 3, &self.name)?;
        write_field(writer, "email", 4, &self.email)?;
        write_field(writer, "item_ids", 5, &self.item_ids)?;
        write_field(writer, "tags", 6, &self.tags)?;
        write_field(writer, "payload", 7, &self.payload)?;
        write_field(writer, "owner", 8, &self.owner)?;
        write_field(writer, "active", 9, &self.active)?;
        write_field(writer, "verified", 10, &self.verified)?;
        write_field(writer, "score", 11, &self.score)?;
        writer.write_field_stop()?;
        writer.write_struct_end()
    }
}

impl Decode for Record {
    fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
        let mut id = None;
        let mut out = Record::default();
        reader.read_struct_begin()?;
        loop {
            let field = reader.read_field_begin()?;
            match (field.id, field.ttype) {
                (_, TType::Stop) => break,
                (1, TType::I64) => id = Some(i64::decode(reader)?),
                (2, TType::I64) => out.account_id = i64::decode(reader)?,
                (3, TType::String) => out.name = String::decode(reader)?,
                (4, TType::String) => out.email = String::decode(reader)?,
                (5, TType::List) => out.item_ids = Vec::decode(reader)?,
                (6, TType::Map) => out.tags = HashMap::decode(reader)?,
                (7, TType::String) => out.payload = Bytes::decode(reader)?,
                (8, TType::Struct) => out.owner = Owner::decode(reader)?,
                (9, TType::Bool) => out.active = bool::decode(reader)?,
                (10, TType::Bool) => out.verified = bool::decode(reader)?,
                (11, TType::Double) => out.score = f64::decode(reader)?,
                (_, other) => skip(reader, other)?,
            }
            reader.read_field_end()?;
        }
        reader.read_struct_end()?;
        out.id = id.ok_or_else(|| missing("Record.id"))?;
        Ok(out)
    }
}

/// Args and result structs: one field (`value` = 1 in args, `success` = 0 in
/// results), exactly as Apache encodes `m_args` / `m_result`.
macro_rules! one_field_struct {
    ($name:ident, $wire:literal, $field:ident: $ty:ty = $id:literal, required: $required:literal) => {
        #[doc = concat!("`", $wire, "`.")]
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct $name {
            #[doc = concat!("Field ", stringify!($id), ".")]
            pub $field: Option<$ty>,
        }

        impl WireType for $name {
            const TTYPE: TType = TType::Struct;
        }

        impl Encode for $name {
            fn encode<W: ProtocolWriter>(&self, writer: &mut W) -> ProtocolResult<()> {
                writer.write_struct_begin($wire)?;
                if let Some(value) = &self.$field {
                    write_field(writer, stringify!($field), $id, value)?;
                }
                writer.write_field_stop()?;
                writer.write_struct_end()
            }
        }

        impl Decode for $name {
            fn decode<R: ProtocolReader>(reader: &mut R) -> ProtocolResult<Self> {
                let mut out = $name::default();
                reader.read_struct_begin()?;
                loop {
                    let field = reader.read_field_begin()?;
                    if field.ttype == TType::Stop {
                        break;
                    }
                    if field.id == $id && field.ttype == <$ty as WireType>::TTYPE {
                        out.$field = Some(<$ty as Decode>::decode(reader)?);
                    } else {
                        skip(reader, field.ttype)?;
                    }
                    reader.read_field_end()?;
                }
                reader.read_struct_end()?;
                if $required && out.$field.is_none() {
                    return Err(missing(concat!($wire, ".", stringify!($field))));
                }
                Ok(out)
            }
        }
    };
}

one_field_struct!(EchoI32Args, "echo_i32_args", value: i32 = 1, required: true);
one_field_struct!(EchoI32Result, "echo_i32_result", success: i32 = 0, required: false);
one_field_struct!(EchoRecordArgs, "echo_record_args", value: Record = 1, required: true);
one_field_struct!(EchoRecordResult, "echo_record_result", success: Record = 0, required: false);

/// Why a `Bench` method failed (no declared exceptions).
#[derive(Debug, Clone)]
// The echo handler never fails, but generated code always has this variant.
#[allow(dead_code)]
pub enum BenchError {
    /// An application exception for the client.
    Application(trift::ApplicationException),
}

impl BenchError {
    fn into_application_exception(self) -> trift::ApplicationException {
        match self {
            BenchError::Application(err) => err,
        }
    }
}

/// The handler of `Bench`.
pub trait Bench: Send + Sync + 'static {
    /// `i32 echo_i32(1: i32 value)`.
    fn echo_i32(&self, value: i32) -> impl Future<Output = Result<i32, BenchError>> + Send;
    /// `Record echo_record(1: Record value)`.
    fn echo_record(&self, value: Record)
    -> impl Future<Output = Result<Record, BenchError>> + Send;
}

/// Dispatches a call to one of `Bench`'s methods, or gives the request back.
// The generated shape hands an unknown request back by value (to the parent's dispatch).
#[allow(clippy::result_large_err)]
pub fn dispatch<H: Bench + ?Sized>(
    handler: &Arc<H>,
    mut request: ServerRequest,
) -> Result<BoxReplyFuture, ServerRequest> {
    match request.method() {
        "echo_i32" => {
            let args = match request.decode_args::<EchoI32Args>() {
                Ok(EchoI32Args { value: Some(value) }) => value,
                Ok(EchoI32Args { value: None }) => {
                    let err = missing("echo_i32_args.value");
                    return Ok(trift::server::ready_reply(request.protocol_error(&err)));
                }
                Err(err) => return Ok(trift::server::ready_reply(request.protocol_error(&err))),
            };
            let reply_to = request.into_reply_to();
            let handler = Arc::clone(handler);
            Ok(Box::pin(async move {
                let reply = match handler.echo_i32(args).await {
                    Ok(success) => reply_to.reply(EchoI32Result {
                        success: Some(success),
                    }),
                    Err(err) => reply_to.exception(err.into_application_exception()),
                };
                Ok(Some(reply))
            }))
        }
        "echo_record" => {
            let args = match request.decode_args::<EchoRecordArgs>() {
                Ok(EchoRecordArgs { value: Some(value) }) => value,
                Ok(EchoRecordArgs { value: None }) => {
                    let err = missing("echo_record_args.value");
                    return Ok(trift::server::ready_reply(request.protocol_error(&err)));
                }
                Err(err) => return Ok(trift::server::ready_reply(request.protocol_error(&err))),
            };
            let reply_to = request.into_reply_to();
            let handler = Arc::clone(handler);
            Ok(Box::pin(async move {
                let reply = match handler.echo_record(args).await {
                    Ok(success) => reply_to.reply(EchoRecordResult {
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

/// The dispatcher serving a `Bench` handler.
#[derive(Debug)]
pub struct BenchServer<H: ?Sized> {
    handler: Arc<H>,
}

impl<H> BenchServer<H> {
    /// Serves `handler`.
    pub fn new(handler: H) -> Self {
        BenchServer {
            handler: Arc::new(handler),
        }
    }
}

impl<H: ?Sized> Clone for BenchServer<H> {
    fn clone(&self) -> Self {
        BenchServer {
            handler: Arc::clone(&self.handler),
        }
    }
}

impl<H: Bench + ?Sized> tower::Service<ServerRequest> for BenchServer<H> {
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
