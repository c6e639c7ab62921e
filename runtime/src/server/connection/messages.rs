//! What a connection reads and writes as messages: the next message out of
//! the read buffer (detecting the protocol and framing first, answering an
//! unreadable THeader frame as Apache's servers do), and the replies encoded
//! into the write buffer, in the request's framing: a THeader reply mirrors
//! the request's protocol and transforms and carries the handler's reply
//! headers.

use tokio::io::{AsyncRead, AsyncWrite};
use tower::Service;

use super::{CloseReason, Connection, Intake};
use crate::application_exception::{ApplicationException, ApplicationExceptionKind};
use crate::message::{Framing, IncomingMessage, Protocol, ServerReply, ServerRequest};
use crate::protocol::{MessageHeader, MessageType};
use crate::server::BoxError;
use crate::server::call::{self, CallMeta, Outcome};
use crate::server::config::Accept;
use crate::transport::detect::{Detection, detect, detect_http};
use crate::transport::framing::{DecodeError, MessageDecoder};
use crate::transport::theader::HeaderError;

impl<IO, S> Connection<IO, S>
where
    IO: AsyncRead + AsyncWrite + Unpin,
    S: Service<ServerRequest, Response = Option<ServerReply>>,
    S::Error: Into<BoxError>,
{
    /// Takes the next complete message out of the read buffer, detecting the
    /// protocol and framing first if needed. `None` when more input is
    /// needed or the input is unusable (then intake stops).
    pub(super) fn decode_next(&mut self) -> Result<Option<IncomingMessage>, CloseReason> {
        if self.awaiting_input || self.input.is_empty() {
            return Ok(None);
        }
        if self.decoder.is_none() && self.config.accept == Accept::Auto {
            match detect_http(self.input.bytes()) {
                Detection::Http => return Err(CloseReason::Http),
                Detection::NeedMore => {
                    self.awaiting_input = true;
                    return Ok(None);
                }
                Detection::Thrift(..) | Detection::Unknown => {}
            }
        }
        let decoder = match &mut self.decoder {
            Some(decoder) => decoder,
            None => match detect(
                self.input.bytes(),
                self.config.protocol,
                self.config.framing,
            ) {
                Detection::NeedMore => {
                    self.awaiting_input = true;
                    return Ok(None);
                }
                Detection::Unknown | Detection::Http => return Err(CloseReason::NotThrift),
                Detection::Thrift(protocol, framing) => {
                    tracing::trace!(peer = %self.peer, %protocol, %framing, "detected");
                    self.decoder
                        .insert(MessageDecoder::new(protocol, framing, self.config.limits))
                }
            },
        };
        match decoder.next(self.input.bytes_mut(), self.socket_drained) {
            Ok(Some(message)) => return Ok(Some(message)),
            Ok(None) => self.awaiting_input = true,
            Err(DecodeError::FrameTooLarge { size, max }) => {
                tracing::debug!(peer = %self.peer, size, max, "frame too large");
                self.intake = Intake::Stopped;
            }
            Err(DecodeError::Header(error)) => {
                tracing::debug!(peer = %self.peer, %error, "unreadable THeader frame");
                // As Apache's servers do: the client learns why, in a header
                // frame without transforms, then the connection closes.
                let kind = match error {
                    HeaderError::UnknownTransform(_) => {
                        Some(ApplicationExceptionKind::InvalidTransform)
                    }
                    HeaderError::UnknownProtocol(_) => {
                        Some(ApplicationExceptionKind::InvalidProtocol)
                    }
                    _ => None,
                };
                if let Some(kind) = kind {
                    let exception = ApplicationException::new(kind, error.to_string());
                    let header = MessageHeader {
                        name: String::new(),
                        kind: MessageType::Exception,
                        seqid: 0,
                    };
                    call::encode_refusal(
                        Protocol::Binary,
                        Framing::Header,
                        self.output.buf_mut(),
                        &header,
                        &exception,
                    );
                }
                self.intake = Intake::Stopped;
            }
            Err(DecodeError::Malformed { header, error }) => {
                tracing::debug!(peer = %self.peer, %error, "malformed message");
                if let Some(header) = header {
                    let exception = ApplicationException::new(
                        ApplicationExceptionKind::ProtocolError,
                        error.to_string(),
                    );
                    self.encode_refusal(&header, &exception);
                }
                self.intake = Intake::Stopped;
            }
        }
        Ok(None)
    }

    pub(super) fn finish_call(&mut self, meta: CallMeta, outcome: Outcome<S::Error>) {
        let Some(decoder) = &self.decoder else {
            return;
        };
        let protocol = decoder.protocol();
        let out = self.output.buf_mut();
        match decoder.reply_header() {
            None => call::encode_outcome(protocol, decoder.framing(), out, meta, outcome),
            Some(mut write) => {
                let (start, seqid) = (out.len(), meta.seqid());
                write.info = meta.reply_headers().into_pairs();
                call::encode_outcome(protocol, Framing::Unframed, out, meta, outcome);
                call::wrap_header_reply(out, start, protocol, seqid, &write);
            }
        }
    }

    /// Answers a message that never reached the service (none for oneway).
    pub(super) fn encode_refusal(
        &mut self,
        header: &MessageHeader,
        exception: &ApplicationException,
    ) {
        let Some(decoder) = &self.decoder else {
            return;
        };
        let protocol = decoder.protocol();
        let out = self.output.buf_mut();
        match decoder.reply_header() {
            None => call::encode_refusal(protocol, decoder.framing(), out, header, exception),
            Some(write) => {
                let start = out.len();
                call::encode_refusal(protocol, Framing::Unframed, out, header, exception);
                call::wrap_header_reply(out, start, protocol, header.seqid, &write);
            }
        }
    }
}
