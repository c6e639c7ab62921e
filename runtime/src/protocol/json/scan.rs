//! Slice-level scanning for the JSON reader: string extents, unescaping,
//! and exact number parsing. Every function works on a borrowed slice and
//! reports malformed input as a typed error; none of them can panic.

use super::fast::find_quote_or_backslash;
use crate::protocol::{ProtocolError, ProtocolResult};

/// Finds the closing quote of a string whose body starts at `body[0]` (just
/// after the opening quote). Returns the body length and whether it contains
/// escapes. Only the quote and the backslash are looked at, so the common
/// escape-free string costs one `position` scan.
pub(crate) fn string_extent(body: &[u8]) -> ProtocolResult<(usize, bool)> {
    let mut from = 0;
    let mut escaped = false;
    loop {
        let rest = body.get(from..).unwrap_or(&[]);
        let Some(offset) = find_quote_or_backslash(rest) else {
            return Err(ProtocolError::eof("a JSON string"));
        };
        let at = from + offset;
        if body.get(at) == Some(&b'"') {
            return Ok((at, escaped));
        }
        escaped = true;
        // Skip the backslash and the character it escapes (possibly a quote).
        from = at + 2;
    }
}

/// Appends the unescaped form of a complete string body to `out`.
///
/// Accepts the escapes every Apache writer produces and Python's reader
/// accepts: `\" \\ \/ \b \f \n \r \t` and `\uXXXX` in either hex case, where a
/// high surrogate must be followed at once by an escaped low surrogate. The
/// result is not yet checked to be UTF-8 (raw bytes are copied as they are).
pub(crate) fn unescape_into(body: &[u8], out: &mut Vec<u8>) -> ProtocolResult<()> {
    let mut rest = body;
    while let Some(at) = rest.iter().position(|&b| b == b'\\') {
        let (plain, tail) = rest.split_at(at);
        out.extend_from_slice(plain);
        let Some(&letter) = tail.get(1) else {
            return Err(ProtocolError::invalid("string ends inside an escape"));
        };
        rest = tail.get(2..).unwrap_or(&[]);
        let byte = match letter {
            b'"' => b'"',
            b'\\' => b'\\',
            b'/' => b'/',
            b'b' => 0x08,
            b'f' => 0x0C,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => {
                let unit = hex4(rest)?;
                rest = rest.get(4..).unwrap_or(&[]);
                let code_point = match unit {
                    0xD800..=0xDBFF => {
                        let low = match rest {
                            [b'\\', b'u', hex @ ..] => hex4(hex)?,
                            _ => return Err(ProtocolError::invalid("expected a low surrogate")),
                        };
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(ProtocolError::invalid("expected a low surrogate"));
                        }
                        rest = rest.get(6..).unwrap_or(&[]);
                        0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    0xDC00..=0xDFFF => {
                        return Err(ProtocolError::invalid(
                            "low surrogate without a high surrogate",
                        ));
                    }
                    other => other,
                };
                let ch = char::from_u32(code_point)
                    .ok_or_else(|| ProtocolError::invalid("invalid \\u escape"))?;
                out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                continue;
            }
            other => {
                return Err(ProtocolError::invalid(format!(
                    "invalid escape '\\{}'",
                    char::from(other).escape_default()
                )));
            }
        };
        out.push(byte);
    }
    out.extend_from_slice(rest);
    Ok(())
}

fn hex4(text: &[u8]) -> ProtocolResult<u32> {
    let digits = text
        .get(..4)
        .ok_or_else(|| ProtocolError::invalid("truncated \\u escape"))?;
    digits.iter().try_fold(0u32, |acc, &d| {
        let v = char::from(d)
            .to_digit(16)
            .ok_or_else(|| ProtocolError::invalid("non-hex digit in \\u escape"))?;
        Ok(acc << 4 | v)
    })
}

/// The characters Apache's readers collect for a number.
#[inline]
fn is_numeric(b: u8) -> bool {
    matches!(b, b'0'..=b'9' | b'+' | b'-' | b'.' | b'e' | b'E')
}

/// Length of the run of number characters at the start of `input`.
pub(crate) fn numeric_len(input: &[u8]) -> usize {
    input
        .iter()
        .position(|&b| !is_numeric(b))
        .unwrap_or(input.len())
}

/// Length of the run of characters that may form a bare double, including
/// the letters of Python's bare `nan`, `inf` and `-inf`.
pub(crate) fn bare_double_len(input: &[u8]) -> usize {
    input
        .iter()
        .position(|&b| !(is_numeric(b) || b.is_ascii_alphabetic()))
        .unwrap_or(input.len())
}

/// Parses the decimal integer at the start of `input` exactly (no float
/// detour) in one pass: optional sign, at least one digit, then anything but
/// another number character. Returns the value and the text length. Text
/// that is not such an integer, or a value outside `i64`, is invalid data,
/// unless the number characters run to the end of the input, which means
/// the frame was cut short.
pub(crate) fn scan_i64(input: &[u8]) -> ProtocolResult<(i64, usize)> {
    let (negative, digits_from) = match input.first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    };
    let digits = input.get(digits_from..).unwrap_or(&[]);
    let count = digits
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(digits.len());
    let digits = digits.get(..count).unwrap_or(&[]);
    // Up to 19 digits cannot overflow a u64, so the common case needs no
    // checked arithmetic; longer runs (leading zeros are legal) are checked.
    let magnitude = if count <= 19 {
        digits
            .iter()
            .fold(0u64, |m, &d| m * 10 + u64::from(d - b'0'))
    } else {
        digits
            .iter()
            .try_fold(0u64, |m, &d| {
                m.checked_mul(10)?.checked_add(u64::from(d - b'0'))
            })
            .ok_or_else(|| integer_error(input))?
    };
    let end = digits_from + count;
    let terminated = input.get(end).is_none_or(|&b| !is_numeric(b));
    if end == digits_from || !terminated {
        return Err(integer_error(input));
    }
    let value = if negative {
        0i64.checked_sub_unsigned(magnitude)
    } else {
        i64::try_from(magnitude).ok()
    };
    value.map(|v| (v, end)).ok_or_else(|| integer_error(input))
}

#[cold]
fn integer_error(input: &[u8]) -> ProtocolError {
    let len = numeric_len(input);
    if len == input.len() {
        return ProtocolError::eof("a JSON number");
    }
    ProtocolError::invalid(format!(
        "bad integer {:?}",
        String::from_utf8_lossy(input.get(..len.max(1)).unwrap_or(&[]))
    ))
}

/// Parses a double as Apache writers spell it: any decimal or exponent form
/// (Python and C++ `1e+100`, Java `1.0E100`), `NaN`, `Infinity`, `-Infinity`,
/// and Python's own `nan`, `inf`, `-inf`. Values beyond the double range
/// become infinities, as in every Apache reader.
pub(crate) fn parse_f64(text: &[u8]) -> ProtocolResult<f64> {
    match text {
        b"NaN" | b"nan" => return Ok(f64::NAN),
        b"Infinity" | b"inf" => return Ok(f64::INFINITY),
        b"-Infinity" | b"-inf" => return Ok(f64::NEG_INFINITY),
        _ => {}
    }
    let bad = || ProtocolError::invalid(format!("bad double {:?}", String::from_utf8_lossy(text)));
    // Rust's parser also takes words like "infinity"; only number characters
    // get this far.
    if text.is_empty() || numeric_len(text) != text.len() {
        return Err(bad());
    }
    std::str::from_utf8(text)
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::ProtocolErrorKind;

    fn unescape(body: &str) -> ProtocolResult<String> {
        let mut out = Vec::new();
        unescape_into(body.as_bytes(), &mut out)?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn string_extent_skips_escaped_quotes() {
        assert_eq!(string_extent(br#"ab"c"#).unwrap(), (2, false));
        assert_eq!(string_extent(br#"a\"b\\"x"#).unwrap(), (6, true));
        assert_eq!(
            string_extent(br#"a\""#).unwrap_err().kind(),
            ProtocolErrorKind::UnexpectedEof
        );
        assert_eq!(
            string_extent(br"ab\").unwrap_err().kind(),
            ProtocolErrorKind::UnexpectedEof
        );
    }

    #[test]
    fn unescapes_all_simple_escapes_and_surrogate_pairs() {
        assert_eq!(
            unescape(r#"\"\\\/\b\f\n\r\t"#).unwrap(),
            "\"\\/\u{8}\u{c}\n\r\t"
        );
        assert_eq!(unescape(r"\u00e9\u00E9x").unwrap(), "ééx");
        assert_eq!(unescape(r"\ud83d\ude00").unwrap(), "😀");
        assert_eq!(unescape(r"\uD83D\uDE00!").unwrap(), "😀!");
        assert_eq!(unescape(r"\u0000").unwrap(), "\0");
    }

    #[test]
    fn rejects_broken_escapes_and_lone_surrogates() {
        for bad in [
            r"\ud83d",
            r"\ud83dx",
            r"\ud83d\n",
            r"\ud83d\ud83d",
            r"\ude00",
            r"\u12",
            r"\u12g4",
            r"\x41",
            r"\",
        ] {
            let err = unescape(bad).unwrap_err();
            assert_eq!(err.kind(), ProtocolErrorKind::InvalidData, "{bad}");
        }
    }

    #[test]
    fn integers_parse_exactly_at_the_edges() {
        assert_eq!(scan_i64(b"-9223372036854775808]").unwrap(), (i64::MIN, 20));
        assert_eq!(scan_i64(b"9223372036854775807,").unwrap(), (i64::MAX, 19));
        assert_eq!(scan_i64(b"+12}").unwrap(), (12, 3));
        assert_eq!(scan_i64(b"007\"").unwrap(), (7, 3));
        assert_eq!(scan_i64(b"5").unwrap(), (5, 1));
        for bad in [
            &b"9223372036854775808]"[..],
            b"-9223372036854775809]",
            b"]",
            b"-]",
            b"1e5]",
            b"1.0]",
            b"--1]",
            b"99999999999999999999999]",
            b"x",
        ] {
            let err = scan_i64(bad).unwrap_err();
            assert_eq!(err.kind(), ProtocolErrorKind::InvalidData, "{bad:?}");
        }
        for cut in [&b""[..], b"-", b"+", b"1e", b"99999999999999999999999"] {
            let err = scan_i64(cut).unwrap_err();
            assert_eq!(err.kind(), ProtocolErrorKind::UnexpectedEof, "{cut:?}");
        }
    }

    #[test]
    fn doubles_accept_every_apache_spelling() {
        assert_eq!(parse_f64(b"1e+100").unwrap(), 1e100);
        assert_eq!(parse_f64(b"1.0E100").unwrap(), 1e100);
        assert_eq!(parse_f64(b"0.10000000000000001").unwrap(), 0.1);
        assert!(parse_f64(b"-0").unwrap().is_sign_negative());
        assert!(parse_f64(b"NaN").unwrap().is_nan());
        assert!(parse_f64(b"nan").unwrap().is_nan());
        assert_eq!(parse_f64(b"-Infinity").unwrap(), f64::NEG_INFINITY);
        assert_eq!(parse_f64(b"inf").unwrap(), f64::INFINITY);
        assert_eq!(parse_f64(b"1e400").unwrap(), f64::INFINITY);
        for bad in [&b""[..], b"infinity", b"1e", b"e5", b"-", b"0x10", b"1..2"] {
            assert!(parse_f64(bad).is_err(), "{bad:?}");
        }
    }
}
