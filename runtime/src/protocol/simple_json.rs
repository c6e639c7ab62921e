//! [`SimpleJsonWriter`]: Apache's write-only TSimpleJSONProtocol, readable
//! JSON for logs, browsers and scripts.
//!
//! Structs are objects keyed by field name, lists and sets are arrays, maps
//! are objects (numeric, bool and double keys are quoted, as JSON requires),
//! bools are `1`/`0`, doubles use Python's `repr` (`0.1`, `1e+100`, `1.0`),
//! binary is padded base64, uuids are canonical strings. It follows Apache's
//! Python implementation, including writing nothing for the message header
//! (a message is just its arguments struct; Java instead writes
//! `["name",type,seqid,{...}]`), with two deliberate deviations so that the
//! output is always valid JSON:
//!
//! - NaN and the infinities are written as the strings `"NaN"`,
//!   `"Infinity"` and `"-Infinity"` (Python writes bare `nan`/`inf`);
//! - control characters other than `\b \f \n \r \t` are escaped as `\u00xx`
//!   (Python writes them raw).
//!
//! Two things remain outside JSON, exactly as in every Apache implementation:
//! a map whose keys are structs or containers produces an object with
//! non-string keys, and i64 values above 2^53 lose precision in JavaScript
//! readers. There is no reader: the format drops type information, so it
//! cannot be decoded back into Thrift values.

use bytes::BufMut;
use uuid::Uuid;

use super::json::{Emitter, Escaping, format_repr, special_double};
use super::{MessageType, ProtocolResult, ProtocolWriter, TType};

/// Writes Thrift values as TSimpleJSONProtocol text into a [`BufMut`].
///
/// ```
/// use trift::protocol::{ProtocolWriter, SimpleJsonWriter, TType};
///
/// let mut w = SimpleJsonWriter::new(Vec::new());
/// w.write_struct_begin("S")?;
/// w.write_field_begin("name", TType::String, 1)?;
/// w.write_string("x")?;
/// w.write_field_end()?;
/// w.write_field_stop()?;
/// w.write_struct_end()?;
/// assert_eq!(w.into_inner(), br#"{"name":"x"}"#);
/// # Ok::<(), trift::protocol::ProtocolError>(())
/// ```
#[derive(Debug)]
pub struct SimpleJsonWriter<B> {
    out: Emitter<B>,
}

impl<B: BufMut> SimpleJsonWriter<B> {
    /// A writer that appends to `buf`.
    pub fn new(buf: B) -> Self {
        SimpleJsonWriter {
            out: Emitter::new(buf),
        }
    }

    /// The buffer written so far.
    pub fn get_ref(&self) -> &B {
        self.out.buf()
    }

    /// Mutable access to the buffer.
    pub fn get_mut(&mut self) -> &mut B {
        self.out.buf_mut()
    }

    /// Gives back the buffer.
    pub fn into_inner(self) -> B {
        self.out.into_buf()
    }
}

impl<B: BufMut> ProtocolWriter for SimpleJsonWriter<B> {
    fn write_message_begin(
        &mut self,
        _name: &str,
        _kind: MessageType,
        _seqid: i32,
    ) -> ProtocolResult<()> {
        self.out.reset();
        Ok(())
    }

    fn write_message_end(&mut self) -> ProtocolResult<()> {
        Ok(())
    }

    fn write_struct_begin(&mut self, _name: &str) -> ProtocolResult<()> {
        self.out.object_start();
        Ok(())
    }

    fn write_struct_end(&mut self) -> ProtocolResult<()> {
        self.out.object_end();
        Ok(())
    }

    fn write_field_begin(&mut self, name: &str, _ttype: TType, _id: i16) -> ProtocolResult<()> {
        self.out.string(name, Escaping::Strict);
        Ok(())
    }

    fn write_field_end(&mut self) -> ProtocolResult<()> {
        Ok(())
    }

    fn write_field_stop(&mut self) -> ProtocolResult<()> {
        Ok(())
    }

    fn write_bool(&mut self, value: bool) -> ProtocolResult<()> {
        self.out.integer(i64::from(value));
        Ok(())
    }

    fn write_i8(&mut self, value: i8) -> ProtocolResult<()> {
        self.out.integer(i64::from(value));
        Ok(())
    }

    fn write_i16(&mut self, value: i16) -> ProtocolResult<()> {
        self.out.integer(i64::from(value));
        Ok(())
    }

    fn write_i32(&mut self, value: i32) -> ProtocolResult<()> {
        self.out.integer(i64::from(value));
        Ok(())
    }

    fn write_i64(&mut self, value: i64) -> ProtocolResult<()> {
        self.out.integer(value);
        Ok(())
    }

    fn write_double(&mut self, value: f64) -> ProtocolResult<()> {
        match special_double(value) {
            Some(text) => self.out.plain_string(text),
            None => self.out.number_text(&format_repr(value)),
        }
        Ok(())
    }

    fn write_string(&mut self, value: &str) -> ProtocolResult<()> {
        self.out.string(value, Escaping::Strict);
        Ok(())
    }

    fn write_binary(&mut self, value: &[u8]) -> ProtocolResult<()> {
        self.out.base64(value);
        Ok(())
    }

    fn write_uuid(&mut self, value: &Uuid) -> ProtocolResult<()> {
        let mut text = [0u8; 36];
        value.hyphenated().encode_lower(&mut text);
        self.out.plain_string(&text);
        Ok(())
    }

    fn write_list_begin(&mut self, _elem: TType, _len: usize) -> ProtocolResult<()> {
        self.out.array_start();
        Ok(())
    }

    fn write_list_end(&mut self) -> ProtocolResult<()> {
        self.out.array_end();
        Ok(())
    }

    fn write_set_begin(&mut self, _elem: TType, _len: usize) -> ProtocolResult<()> {
        self.out.array_start();
        Ok(())
    }

    fn write_set_end(&mut self) -> ProtocolResult<()> {
        self.out.array_end();
        Ok(())
    }

    fn write_map_begin(&mut self, _key: TType, _value: TType, _len: usize) -> ProtocolResult<()> {
        self.out.object_start();
        Ok(())
    }

    fn write_map_end(&mut self) -> ProtocolResult<()> {
        self.out.object_end();
        Ok(())
    }
}
