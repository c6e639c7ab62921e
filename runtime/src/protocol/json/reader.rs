//! [`JsonReader`]: Apache's TJSONProtocol decoder over one in-memory frame.
//!
//! It streams: every call consumes exactly the text of the value asked for,
//! straight from the frame, with no intermediate JSON tree. Separators are
//! checked by the same context machine Apache uses, so the reader accepts
//! exactly the shapes Apache writers produce (no whitespace between tokens,
//! as no Apache writer emits any).

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use bytes::Bytes;
use uuid::Uuid;

use super::emit::Context;
use super::names::type_from_name;
use super::scan::{bare_double_len, parse_f64, scan_i64, string_extent, unescape_into};
use super::writer::VERSION;
use crate::protocol::{
    FieldHeader, Limits, ListHeader, MapHeader, MessageHeader, MessageType, ProtocolError,
    ProtocolErrorKind, ProtocolReader, ProtocolResult, TType,
};

/// Standard-alphabet base64 that takes the padded (Python, Go) and unpadded
/// (C++, Java) forms alike, and ignores non-zero trailing bits as Apache's
/// hand-written decoders do.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// The text each list element adds at the very least: one character and a
/// comma (or, for the last one, the closing bracket).
const MIN_LIST_ELEMENT: usize = 2;
/// The text each map entry adds at the very least: a quoted empty key, a
/// colon, one character and a comma (or the closing brace).
const MIN_MAP_ENTRY: usize = 5;

/// A number that runs to the very end of the input and does not parse was
/// cut short (every Apache frame ends with a bracket or brace), so that is
/// reported as truncation rather than as bad data.
fn number_or_eof<T>(parsed: ProtocolResult<T>, len: usize, available: usize) -> ProtocolResult<T> {
    match parsed {
        Err(_) if len == available => Err(ProtocolError::eof("a JSON number")),
        other => other,
    }
}

/// Where a string's body lies in the frame.
#[derive(Debug, Clone, Copy)]
struct StringSpan {
    start: usize,
    end: usize,
    escaped: bool,
}

/// Reads Thrift values from one frame of Apache TJSONProtocol text.
///
/// ```
/// use trift::protocol::{JsonReader, ProtocolReader, TType};
///
/// let mut r = JsonReader::new(trift::Bytes::from_static(br#"{"1":{"str":"x"}}"#));
/// r.read_struct_begin()?;
/// let field = r.read_field_begin()?;
/// assert_eq!((field.ttype, field.id), (TType::String, 1));
/// assert_eq!(r.read_string()?, "x");
/// r.read_field_end()?;
/// assert_eq!(r.read_field_begin()?.ttype, TType::Stop);
/// r.read_struct_end()?;
/// # Ok::<(), trift::protocol::ProtocolError>(())
/// ```
#[derive(Debug, Clone)]
pub struct JsonReader {
    frame: Bytes,
    pos: usize,
    limits: Limits,
    depth: u16,
    context: Context,
    outer: Vec<Context>,
}

impl JsonReader {
    /// A reader over `frame` with the default [`Limits`].
    pub fn new(frame: Bytes) -> Self {
        Self::with_limits(frame, Limits::default())
    }

    /// A reader over `frame` enforcing `limits`.
    pub fn with_limits(frame: Bytes, limits: Limits) -> Self {
        JsonReader {
            frame,
            pos: 0,
            limits,
            depth: 0,
            context: Context::Top,
            outer: Vec::new(),
        }
    }

    /// Bytes of the frame consumed so far.
    pub fn position(&self) -> usize {
        self.pos
    }

    #[inline]
    fn rest(&self) -> &[u8] {
        self.frame.get(self.pos..).unwrap_or(&[])
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.frame.get(self.pos).copied()
    }

    #[inline]
    fn expect(&mut self, wanted: u8) -> ProtocolResult<()> {
        match self.peek() {
            Some(found) if found == wanted => {
                self.pos += 1;
                Ok(())
            }
            Some(found) => Err(ProtocolError::invalid(format!(
                "expected '{}' at offset {}, found '{}'",
                char::from(wanted),
                self.pos,
                char::from(found).escape_default()
            ))),
            None => Err(ProtocolError::eof(&format!("'{}'", char::from(wanted)))),
        }
    }

    /// Consumes the separator the current context wants before an item and
    /// reports whether the item is in key position.
    #[inline]
    fn begin_item(&mut self) -> ProtocolResult<bool> {
        if let Some(separator) = self.context.advance() {
            self.expect(separator)?;
        }
        Ok(self.context.is_key())
    }

    fn push(&mut self, context: Context) {
        self.outer.push(self.context);
        self.context = context;
    }

    fn pop(&mut self) {
        self.context = self.outer.pop().unwrap_or(Context::Top);
    }

    fn enter(&mut self) -> ProtocolResult<()> {
        if self.depth >= self.limits.depth_limit() {
            return Err(ProtocolError::new(
                ProtocolErrorKind::DepthLimit,
                format!("nesting deeper than {}", self.limits.depth_limit()),
            ));
        }
        self.depth += 1;
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn object_start(&mut self) -> ProtocolResult<()> {
        self.begin_item()?;
        self.expect(b'{')?;
        self.push(Context::PAIR);
        Ok(())
    }

    fn object_end(&mut self) -> ProtocolResult<()> {
        self.expect(b'}')?;
        self.pop();
        Ok(())
    }

    fn array_start(&mut self) -> ProtocolResult<()> {
        self.begin_item()?;
        self.expect(b'[')?;
        self.push(Context::LIST);
        Ok(())
    }

    fn array_end(&mut self) -> ProtocolResult<()> {
        self.expect(b']')?;
        self.pop();
        Ok(())
    }

    /// An integer, quoted or not. Apache writers quote exactly the ones in key
    /// position; readers differ in how strict they are about it, so both forms
    /// are accepted anywhere (a quote that is opened must be closed).
    #[inline]
    fn integer(&mut self) -> ProtocolResult<i64> {
        self.begin_item()?;
        let quoted = self.peek() == Some(b'"');
        if quoted {
            self.pos += 1;
        }
        let (value, len) = scan_i64(self.rest())?;
        self.pos += len;
        if quoted {
            self.expect(b'"')?;
        }
        Ok(value)
    }

    fn narrow<T: TryFrom<i64>>(&mut self, what: &str) -> ProtocolResult<T> {
        let value = self.integer()?;
        T::try_from(value)
            .map_err(|_| ProtocolError::invalid(format!("{value} is out of range for {what}")))
    }

    fn string_span(&mut self, skip_context: bool) -> ProtocolResult<StringSpan> {
        if !skip_context {
            self.begin_item()?;
        }
        self.expect(b'"')?;
        let (len, escaped) = string_extent(self.rest())?;
        let span = StringSpan {
            start: self.pos,
            end: self.pos + len,
            escaped,
        };
        self.pos = span.end + 1;
        Ok(span)
    }

    fn body(&self, span: StringSpan) -> &[u8] {
        self.frame.get(span.start..span.end).unwrap_or(&[])
    }

    fn check_string_len(&self, len: usize) -> ProtocolResult<()> {
        if len > self.limits.max_string_len {
            return Err(ProtocolError::new(
                ProtocolErrorKind::SizeLimit,
                format!(
                    "string of {len} bytes exceeds the limit of {}",
                    self.limits.max_string_len
                ),
            ));
        }
        Ok(())
    }

    fn type_name(&mut self) -> ProtocolResult<TType> {
        let span = self.string_span(false)?;
        type_from_name(self.body(span))
    }

    /// Checks a declared element count against the limits and against the
    /// smallest text that many elements could take in what is left.
    fn count(&mut self, min_element: usize) -> ProtocolResult<usize> {
        let declared = self.integer()?;
        if declared < 0 {
            return Err(ProtocolError::new(
                ProtocolErrorKind::NegativeSize,
                format!("container declares {declared} elements"),
            ));
        }
        let len = usize::try_from(declared).unwrap_or(usize::MAX);
        let needed = len.saturating_mul(min_element);
        if len > self.limits.max_container_len || needed > self.remaining() {
            return Err(ProtocolError::new(
                ProtocolErrorKind::SizeLimit,
                format!(
                    "container declares {len} elements; limit {}, {} bytes left",
                    self.limits.max_container_len,
                    self.remaining()
                ),
            ));
        }
        Ok(len)
    }

    fn collection_begin(&mut self) -> ProtocolResult<ListHeader> {
        self.enter()?;
        self.array_start()?;
        let elem = self.type_name()?;
        let len = self.count(MIN_LIST_ELEMENT)?;
        Ok(ListHeader { elem, len })
    }

    fn collection_end(&mut self) -> ProtocolResult<()> {
        self.array_end()?;
        self.leave();
        Ok(())
    }
}

impl ProtocolReader for JsonReader {
    fn read_message_begin(&mut self) -> ProtocolResult<MessageHeader> {
        if self.frame.len() > self.limits.max_message_size {
            return Err(ProtocolError::new(
                ProtocolErrorKind::SizeLimit,
                format!(
                    "message of {} bytes exceeds the limit of {}",
                    self.frame.len(),
                    self.limits.max_message_size
                ),
            ));
        }
        self.context = Context::Top;
        self.outer.clear();
        self.depth = 0;
        self.array_start()?;
        let version = self.integer()?;
        if version != VERSION {
            return Err(ProtocolError::new(
                ProtocolErrorKind::BadVersion,
                format!("TJSONProtocol message version {version}, expected {VERSION}"),
            ));
        }
        let name = self.read_string()?;
        let kind = MessageType::from_i32(self.narrow("a message type")?)?;
        let seqid = self.narrow("a sequence id")?;
        Ok(MessageHeader { name, kind, seqid })
    }

    fn read_message_end(&mut self) -> ProtocolResult<()> {
        self.array_end()
    }

    fn read_struct_begin(&mut self) -> ProtocolResult<()> {
        self.enter()?;
        self.object_start()
    }

    fn read_struct_end(&mut self) -> ProtocolResult<()> {
        self.object_end()?;
        self.leave();
        Ok(())
    }

    fn read_field_begin(&mut self) -> ProtocolResult<FieldHeader> {
        // Like Apache: the closing brace is seen before the separator, which
        // belongs to the next field's key.
        match self.peek() {
            Some(b'}') => {
                return Ok(FieldHeader {
                    ttype: TType::Stop,
                    id: 0,
                });
            }
            None => return Err(ProtocolError::eof("a field")),
            Some(_) => {}
        }
        let id = self.narrow("a field id")?;
        self.object_start()?;
        let ttype = self.type_name()?;
        Ok(FieldHeader { ttype, id })
    }

    fn read_field_end(&mut self) -> ProtocolResult<()> {
        self.object_end()
    }

    fn read_bool(&mut self) -> ProtocolResult<bool> {
        // Every Apache reader takes any non-zero integer as true.
        Ok(self.integer()? != 0)
    }

    fn read_i8(&mut self) -> ProtocolResult<i8> {
        self.narrow("i8")
    }

    fn read_i16(&mut self) -> ProtocolResult<i16> {
        self.narrow("i16")
    }

    fn read_i32(&mut self) -> ProtocolResult<i32> {
        self.narrow("i32")
    }

    fn read_i64(&mut self) -> ProtocolResult<i64> {
        self.integer()
    }

    fn read_double(&mut self) -> ProtocolResult<f64> {
        self.begin_item()?;
        if self.peek() == Some(b'"') {
            let span = self.string_span(true)?;
            return parse_f64(self.body(span));
        }
        let rest = self.rest();
        if rest.is_empty() {
            return Err(ProtocolError::eof("a JSON number"));
        }
        let len = bare_double_len(rest);
        let value = number_or_eof(parse_f64(rest.get(..len).unwrap_or(&[])), len, rest.len())?;
        self.pos += len;
        Ok(value)
    }

    fn read_string(&mut self) -> ProtocolResult<String> {
        let span = self.string_span(false)?;
        let body = self.body(span);
        let bytes = if span.escaped {
            let mut unescaped = Vec::with_capacity(body.len());
            unescape_into(body, &mut unescaped)?;
            unescaped
        } else {
            body.to_vec()
        };
        self.check_string_len(bytes.len())?;
        String::from_utf8(bytes)
            .map_err(|e| ProtocolError::invalid(format!("string is not UTF-8: {}", e.utf8_error())))
    }

    fn read_binary(&mut self) -> ProtocolResult<Bytes> {
        let span = self.string_span(false)?;
        let body = self.body(span);
        let unescaped;
        let text = if span.escaped {
            let mut buf = Vec::with_capacity(body.len());
            unescape_into(body, &mut buf)?;
            unescaped = buf;
            &unescaped[..]
        } else {
            body
        };
        let unpadded = text
            .strip_suffix(b"==")
            .or_else(|| text.strip_suffix(b"="))
            .unwrap_or(text);
        self.check_string_len(unpadded.len() / 4 * 3 + (unpadded.len() % 4).saturating_sub(1))?;
        BASE64
            .decode(text)
            .map(Bytes::from)
            .map_err(|e| ProtocolError::invalid(format!("bad base64 binary: {e}")))
    }

    fn skip_string(&mut self) -> ProtocolResult<()> {
        // Skipping consumes exactly what a read would, without unescaping,
        // UTF-8 checks or base64 decoding (the value may be either).
        self.string_span(false).map(drop)
    }

    fn read_uuid(&mut self) -> ProtocolResult<Uuid> {
        let span = self.string_span(false)?;
        Uuid::try_parse_ascii(self.body(span))
            .map_err(|e| ProtocolError::invalid(format!("bad uuid: {e}")))
    }

    fn read_list_begin(&mut self) -> ProtocolResult<ListHeader> {
        self.collection_begin()
    }

    fn read_list_end(&mut self) -> ProtocolResult<()> {
        self.collection_end()
    }

    fn read_set_begin(&mut self) -> ProtocolResult<ListHeader> {
        self.collection_begin()
    }

    fn read_set_end(&mut self) -> ProtocolResult<()> {
        self.collection_end()
    }

    fn read_map_begin(&mut self) -> ProtocolResult<MapHeader> {
        self.enter()?;
        self.array_start()?;
        let key = self.type_name()?;
        let value = self.type_name()?;
        let declared = self.count(1)?;
        self.object_start()?;
        // Re-check now that the opening brace is consumed, at map-entry size.
        let needed = declared.saturating_mul(MIN_MAP_ENTRY);
        if needed > self.remaining() {
            return Err(ProtocolError::new(
                ProtocolErrorKind::SizeLimit,
                format!(
                    "map declares {declared} entries but only {} bytes are left",
                    self.remaining()
                ),
            ));
        }
        Ok(MapHeader {
            key,
            value,
            len: declared,
        })
    }

    fn read_map_end(&mut self) -> ProtocolResult<()> {
        self.object_end()?;
        self.array_end()?;
        self.leave();
        Ok(())
    }

    fn remaining(&self) -> usize {
        self.frame.len().saturating_sub(self.pos)
    }
}
