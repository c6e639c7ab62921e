//! [`JsonWriter`]: Apache's TJSONProtocol encoder, byte for byte what Apache's
//! Python library writes (see the module docs of [`super`] for the few
//! deliberate differences).

use bytes::BufMut;
use uuid::Uuid;

use super::emit::{Emitter, Escaping};
use super::float_format::format_g17;
use super::names::type_name;
use crate::protocol::{
    MessageType, ProtocolError, ProtocolErrorKind, ProtocolResult, ProtocolWriter, TType,
};

/// The TJSONProtocol message version, the first element of every message.
pub(crate) const VERSION: i64 = 1;

/// Writes Thrift values as Apache TJSONProtocol text into a [`BufMut`].
///
/// ```
/// use trift::protocol::{JsonWriter, ProtocolWriter, TType};
///
/// let mut w = JsonWriter::new(Vec::new());
/// w.write_struct_begin("S")?;
/// w.write_field_begin("name", TType::String, 1)?;
/// w.write_string("x")?;
/// w.write_field_end()?;
/// w.write_field_stop()?;
/// w.write_struct_end()?;
/// assert_eq!(w.into_inner(), br#"{"1":{"str":"x"}}"#);
/// # Ok::<(), trift::protocol::ProtocolError>(())
/// ```
#[derive(Debug)]
pub struct JsonWriter<B> {
    out: Emitter<B>,
}

impl<B: BufMut> JsonWriter<B> {
    /// A writer that appends to `buf`.
    pub fn new(buf: B) -> Self {
        JsonWriter {
            out: Emitter::new(buf),
        }
    }

    /// The buffer written so far.
    pub fn get_ref(&self) -> &B {
        self.out.buf()
    }

    /// Mutable access to the buffer (e.g. to take what was written).
    pub fn get_mut(&mut self) -> &mut B {
        self.out.buf_mut()
    }

    /// Gives back the buffer.
    pub fn into_inner(self) -> B {
        self.out.into_buf()
    }

    fn collection_begin(&mut self, elem: TType, len: usize) -> ProtocolResult<()> {
        let count = count_to_i64(len)?;
        let name = type_name(elem)?;
        self.out.array_start();
        self.out.plain_string(name.as_bytes());
        self.out.integer(count);
        Ok(())
    }
}

fn count_to_i64(len: usize) -> ProtocolResult<i64> {
    // Apache sizes are i32 on every other protocol; keep JSON's the same so a
    // value that encodes here also encodes everywhere else.
    i32::try_from(len).map(i64::from).map_err(|_| {
        ProtocolError::new(
            ProtocolErrorKind::SizeLimit,
            format!("{len} elements exceed i32::MAX"),
        )
    })
}

/// Writes a double as Apache does: NaN and the infinities as the strings
/// `"NaN"`, `"Infinity"` and `"-Infinity"` (C++, Java, Go; Python writes bare
/// `nan`/`inf`, which is not JSON and which Python itself cannot read back),
/// finite values with 17 significant digits like Python's `'{0:.17g}'`.
pub(crate) fn write_double_g17<B: BufMut>(out: &mut Emitter<B>, value: f64) {
    if let Some(special) = special_double(value) {
        out.plain_string(special);
    } else {
        out.number_text(&format_g17(value));
    }
}

/// The Apache spelling of a non-finite double.
pub(crate) fn special_double(value: f64) -> Option<&'static [u8]> {
    if value.is_nan() {
        Some(b"NaN")
    } else if value == f64::INFINITY {
        Some(b"Infinity")
    } else if value == f64::NEG_INFINITY {
        Some(b"-Infinity")
    } else {
        None
    }
}

impl<B: BufMut> ProtocolWriter for JsonWriter<B> {
    fn write_message_begin(
        &mut self,
        name: &str,
        kind: MessageType,
        seqid: i32,
    ) -> ProtocolResult<()> {
        self.out.reset();
        self.out.array_start();
        self.out.integer(VERSION);
        self.out.string(name, Escaping::Python);
        self.out.integer(kind as i64);
        self.out.integer(i64::from(seqid));
        Ok(())
    }

    fn write_message_end(&mut self) -> ProtocolResult<()> {
        self.out.array_end();
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

    fn write_field_begin(&mut self, _name: &str, ttype: TType, id: i16) -> ProtocolResult<()> {
        let name = type_name(ttype)?;
        self.out.integer(i64::from(id));
        self.out.object_start();
        self.out.plain_string(name.as_bytes());
        Ok(())
    }

    fn write_field_end(&mut self) -> ProtocolResult<()> {
        self.out.object_end();
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
        write_double_g17(&mut self.out, value);
        Ok(())
    }

    fn write_string(&mut self, value: &str) -> ProtocolResult<()> {
        self.out.string(value, Escaping::Python);
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

    fn write_list_begin(&mut self, elem: TType, len: usize) -> ProtocolResult<()> {
        self.collection_begin(elem, len)
    }

    fn write_list_end(&mut self) -> ProtocolResult<()> {
        self.out.array_end();
        Ok(())
    }

    fn write_set_begin(&mut self, elem: TType, len: usize) -> ProtocolResult<()> {
        self.collection_begin(elem, len)
    }

    fn write_set_end(&mut self) -> ProtocolResult<()> {
        self.out.array_end();
        Ok(())
    }

    fn write_map_begin(&mut self, key: TType, value: TType, len: usize) -> ProtocolResult<()> {
        let count = count_to_i64(len)?;
        let (key, value) = (type_name(key)?, type_name(value)?);
        self.out.array_start();
        self.out.plain_string(key.as_bytes());
        self.out.plain_string(value.as_bytes());
        self.out.integer(count);
        self.out.object_start();
        Ok(())
    }

    fn write_map_end(&mut self) -> ProtocolResult<()> {
        self.out.object_end();
        self.out.array_end();
        Ok(())
    }
}
