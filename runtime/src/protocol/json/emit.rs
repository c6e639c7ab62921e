//! The low-level JSON emitter shared by [`super::JsonWriter`] and the simple
//! JSON writer: Apache's context stack (commas between list items, colons and
//! commas between object keys and values, quoted numbers in key position) and
//! the primitive value encoders. Nothing here allocates per value; the context
//! stack grows once to the nesting depth and is reused.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::BufMut;

use super::fast::{IntText, find_escape};
use super::float_format::FloatText;

/// Where the next value goes inside the enclosing JSON construct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// Top level: no separators.
    Top,
    /// Inside an array: a comma before every item but the first.
    List {
        /// No item written yet.
        first: bool,
    },
    /// Inside an object: alternating keys and values.
    Pair {
        /// No key written yet.
        first: bool,
        /// The next item is a key (numbers there are quoted).
        key: bool,
    },
}

impl Context {
    /// A fresh array context.
    pub(crate) const LIST: Context = Context::List { first: true };
    /// A fresh object context.
    pub(crate) const PAIR: Context = Context::Pair {
        first: true,
        key: true,
    };

    /// Moves to the next item and returns the separator that precedes it.
    #[inline]
    pub(crate) fn advance(&mut self) -> Option<u8> {
        match self {
            Context::Top => None,
            Context::List { first } => {
                if *first {
                    *first = false;
                    None
                } else {
                    Some(b',')
                }
            }
            Context::Pair { first, key } => {
                if *first {
                    *first = false;
                    *key = true;
                    None
                } else {
                    // `key` still describes the item just finished.
                    let separator = if *key { b':' } else { b',' };
                    *key = !*key;
                    Some(separator)
                }
            }
        }
    }

    /// Whether the current item is an object key, where Apache quotes numbers.
    #[inline]
    pub(crate) fn is_key(&self) -> bool {
        matches!(self, Context::Pair { key: true, .. })
    }
}

/// How strings are escaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Escaping {
    /// Exactly Apache's Python: only `"`, `\`, backspace, form feed, newline,
    /// carriage return and tab are escaped; other control characters are
    /// written raw (every Apache reader accepts them).
    Python,
    /// Valid JSON: additionally every other control character becomes `\u00xx`
    /// (what Apache's C++ and Java writers do).
    Strict,
}

/// 0: copy; `b'u'`: `\u00xx` under [`Escaping::Strict`], raw otherwise; any
/// other value: that letter after a backslash.
const ESCAPES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut c = 0;
    while c < 0x20 {
        table[c] = b'u';
        c += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0A] = b'n';
    table[0x0C] = b'f';
    table[0x0D] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A JSON emitter over a [`BufMut`], tracking Apache's contexts.
#[derive(Debug)]
pub(crate) struct Emitter<B> {
    buf: B,
    context: Context,
    outer: Vec<Context>,
}

impl<B: BufMut> Emitter<B> {
    pub(crate) fn new(buf: B) -> Self {
        Emitter {
            buf,
            context: Context::Top,
            outer: Vec::new(),
        }
    }

    pub(crate) fn buf(&self) -> &B {
        &self.buf
    }

    pub(crate) fn buf_mut(&mut self) -> &mut B {
        &mut self.buf
    }

    pub(crate) fn into_buf(self) -> B {
        self.buf
    }

    /// Forgets any open constructs, as Apache does at each message begin.
    pub(crate) fn reset(&mut self) {
        self.context = Context::Top;
        self.outer.clear();
    }

    /// Writes the separator the current context wants before a new item and
    /// reports whether that item is in key position.
    #[inline]
    fn begin_item(&mut self) -> bool {
        if let Some(separator) = self.context.advance() {
            self.buf.put_u8(separator);
        }
        self.context.is_key()
    }

    fn push(&mut self, context: Context) {
        self.outer.push(self.context);
        self.context = context;
    }

    fn pop(&mut self) {
        self.context = self.outer.pop().unwrap_or(Context::Top);
    }

    pub(crate) fn object_start(&mut self) {
        self.begin_item();
        self.buf.put_u8(b'{');
        self.push(Context::PAIR);
    }

    pub(crate) fn object_end(&mut self) {
        self.pop();
        self.buf.put_u8(b'}');
    }

    pub(crate) fn array_start(&mut self) {
        self.begin_item();
        self.buf.put_u8(b'[');
        self.push(Context::LIST);
    }

    pub(crate) fn array_end(&mut self) {
        self.pop();
        self.buf.put_u8(b']');
    }

    /// An integer: a bare JSON number, quoted in key position.
    pub(crate) fn integer(&mut self, value: i64) {
        let text = IntText::new(value);
        let quoted = self.begin_item();
        if quoted {
            self.buf.put_u8(b'"');
        }
        self.buf.put_slice(text.as_bytes());
        if quoted {
            self.buf.put_u8(b'"');
        }
    }

    /// Number text: bare, quoted in key position.
    pub(crate) fn number_text(&mut self, text: &FloatText) {
        let quoted = self.begin_item();
        if quoted {
            self.buf.put_u8(b'"');
        }
        self.buf.put_slice(text.as_bytes());
        if quoted {
            self.buf.put_u8(b'"');
        }
    }

    /// ASCII text that needs no escaping, always quoted (type names, uuids,
    /// `"NaN"`).
    pub(crate) fn plain_string(&mut self, text: &[u8]) {
        self.begin_item();
        self.buf.put_u8(b'"');
        self.buf.put_slice(text);
        self.buf.put_u8(b'"');
    }

    /// A JSON string with `text` escaped as `escaping` says.
    pub(crate) fn string(&mut self, text: &str, escaping: Escaping) {
        self.begin_item();
        self.buf.put_u8(b'"');
        let mut rest = text.as_bytes();
        loop {
            let special = find_escape(rest, |b| {
                let e = ESCAPES[usize::from(b)];
                e != 0 && (e != b'u' || escaping == Escaping::Strict)
            });
            let Some(at) = special else {
                self.buf.put_slice(rest);
                break;
            };
            let (plain, tail) = rest.split_at(at);
            self.buf.put_slice(plain);
            let Some((&byte, tail)) = tail.split_first() else {
                break;
            };
            match ESCAPES[usize::from(byte)] {
                b'u' => self.buf.put_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(byte >> 4)],
                    HEX[usize::from(byte & 0xF)],
                ]),
                letter => self.buf.put_slice(&[b'\\', letter]),
            }
            rest = tail;
        }
        self.buf.put_u8(b'"');
    }

    /// Binary as a padded standard base64 JSON string, encoded in stack-sized
    /// chunks so no temporary buffer is allocated.
    pub(crate) fn base64(&mut self, data: &[u8]) {
        const CHUNK_IN: usize = 768;
        let mut encoded = [0u8; CHUNK_IN / 3 * 4];
        self.begin_item();
        self.buf.put_u8(b'"');
        for chunk in data.chunks(CHUNK_IN) {
            // Cannot fail: every chunk's encoding fits `encoded`.
            if let Ok(n) = STANDARD.encode_slice(chunk, &mut encoded) {
                self.buf.put_slice(&encoded[..n]);
            }
        }
        self.buf.put_u8(b'"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emit(f: impl FnOnce(&mut Emitter<Vec<u8>>)) -> String {
        let mut e = Emitter::new(Vec::new());
        f(&mut e);
        String::from_utf8(e.into_buf()).unwrap()
    }

    #[test]
    fn objects_quote_numbers_in_key_position_only() {
        let out = emit(|e| {
            e.object_start();
            e.integer(-7);
            e.integer(8);
            e.integer(i64::MIN);
            e.array_start();
            e.integer(1);
            e.integer(2);
            e.array_end();
            e.object_end();
        });
        assert_eq!(out, r#"{"-7":8,"-9223372036854775808":[1,2]}"#);
    }

    #[test]
    fn python_escaping_leaves_other_control_characters_raw() {
        let text = "a\"b\\c\u{8}\u{c}\n\r\t\u{1}\u{1f}/é\u{7f}";
        assert_eq!(
            emit(|e| e.string(text, Escaping::Python)),
            "\"a\\\"b\\\\c\\b\\f\\n\\r\\t\u{1}\u{1f}/é\u{7f}\""
        );
        assert_eq!(
            emit(|e| e.string(text, Escaping::Strict)),
            "\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0001\\u001f/é\u{7f}\""
        );
    }

    #[test]
    fn base64_is_padded_and_chunked_without_seams() {
        assert_eq!(emit(|e| e.base64(b"ab")), r#""YWI=""#);
        assert_eq!(emit(|e| e.base64(b"")), r#""""#);
        let data: Vec<u8> = (0..2000u32).map(|i| (i * 7) as u8).collect();
        let whole = format!("\"{}\"", STANDARD.encode(&data));
        assert_eq!(emit(|e| e.base64(&data)), whole);
    }
}
