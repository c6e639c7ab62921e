//! Python-compatible text for doubles, without allocating.
//!
//! Apache's Python TJSONProtocol writes doubles with `'{0:.17g}'` (C++ uses the
//! same 17 significant digits), and TSimpleJSONProtocol writes `str(float)`,
//! Python's shortest round-trip repr. Rust's formatter already produces the
//! correctly rounded digits for both (`{:.16e}` and `{:e}`); this module only
//! lays them out the way Python's `%g` and `repr` do: exponent form below
//! 1e-4 and from 1e17 (`%.17g`) or 1e16 (repr) up, a sign and at least two
//! digits in the exponent, trailing zeros dropped, and repr's `.0` on
//! integral values.

use std::fmt::{self, Write};

/// Room for the longest layout: sign, 17 digits, point, up to four leading
/// zeros or an `e+308` exponent.
const CAPACITY: usize = 40;

/// A small stack buffer that formatted text is written into.
pub(crate) struct FloatText {
    bytes: [u8; CAPACITY],
    len: usize,
}

impl FloatText {
    fn new() -> Self {
        FloatText {
            bytes: [0; CAPACITY],
            len: 0,
        }
    }

    /// The formatted text.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }

    fn push(&mut self, byte: u8) {
        if let Some(slot) = self.bytes.get_mut(self.len) {
            *slot = byte;
            self.len += 1;
        }
    }

    fn extend(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.push(b);
        }
    }
}

impl Write for FloatText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let dst = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Python's `'{0:.17g}'.format(value)` for a finite `value`.
pub(crate) fn format_g17(value: f64) -> FloatText {
    let mut sci = FloatText::new();
    // Cannot fail: 17 digits and an exponent fit in the buffer.
    let _ = write!(sci, "{:.16e}", value.abs());
    layout(value.is_sign_negative(), sci.as_bytes(), 17, false)
}

/// Python's `repr(value)` (= `str(value)`) for a finite `value`.
pub(crate) fn format_repr(value: f64) -> FloatText {
    let mut sci = FloatText::new();
    let _ = write!(sci, "{:e}", value.abs());
    let digits = sci
        .as_bytes()
        .iter()
        .take_while(|&&b| b != b'e')
        .filter(|b| b.is_ascii_digit())
        .count();
    // Rust's shortest digits may end on either side of a tie (for 2**-25 it
    // gives ...313 where Python gives ...312). Python takes, among the
    // shortest strings that round-trip, the one closest to the exact value,
    // ties to even: that is the correctly rounded string of the same length
    // (`{:.N$e}` rounds exactly, ties to even) whenever it round-trips.
    let mut rounded = FloatText::new();
    let _ = write!(rounded, "{:.*e}", digits.saturating_sub(1), value.abs());
    let round_trips = std::str::from_utf8(rounded.as_bytes())
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        == Some(value.abs());
    if round_trips {
        sci = rounded;
    }
    layout(value.is_sign_negative(), sci.as_bytes(), 16, true)
}

/// Re-lays Rust's `d.ddddde-N` output. `exp_threshold` is the decimal
/// exponent from which the exponent form is used; `point_zero` adds repr's
/// `.0` to integral values in positional form.
fn layout(negative: bool, sci: &[u8], exp_threshold: i32, point_zero: bool) -> FloatText {
    let e_at = sci.iter().position(|&b| b == b'e').unwrap_or(sci.len());
    let (mantissa, exponent) = sci.split_at(e_at);
    let exp = parse_exponent(exponent.get(1..).unwrap_or(&[]));

    let mut digits = [0u8; 20];
    let mut ndigits = 0;
    for &b in mantissa.iter().filter(|b| b.is_ascii_digit()) {
        if let Some(slot) = digits.get_mut(ndigits) {
            *slot = b;
            ndigits += 1;
        }
    }
    while ndigits > 1 && digits.get(ndigits - 1) == Some(&b'0') {
        ndigits -= 1;
    }
    let digits = digits.get(..ndigits).unwrap_or(&[]);

    let mut out = FloatText::new();
    if negative {
        out.push(b'-');
    }
    if exp < -4 || exp >= exp_threshold {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        out.extend(first);
        if !rest.is_empty() {
            out.push(b'.');
            out.extend(rest);
        }
        out.push(b'e');
        out.push(if exp < 0 { b'-' } else { b'+' });
        let magnitude = exp.unsigned_abs();
        if magnitude < 10 {
            out.push(b'0');
        }
        let _ = write!(out, "{magnitude}");
    } else if exp >= 0 {
        let int_len = exp as usize + 1;
        for i in 0..int_len {
            out.push(digits.get(i).copied().unwrap_or(b'0'));
        }
        match digits.get(int_len..) {
            Some(frac) if !frac.is_empty() => {
                out.push(b'.');
                out.extend(frac);
            }
            _ if point_zero => out.extend(b".0"),
            _ => {}
        }
    } else {
        out.extend(b"0.");
        for _ in 0..(-exp - 1) {
            out.push(b'0');
        }
        out.extend(digits);
    }
    out
}

fn parse_exponent(text: &[u8]) -> i32 {
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let magnitude = digits
        .iter()
        .fold(0i32, |acc, &d| acc * 10 + i32::from(d - b'0'));
    if negative { -magnitude } else { magnitude }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g17(v: f64) -> String {
        String::from_utf8(format_g17(v).as_bytes().to_vec()).unwrap()
    }

    fn repr(v: f64) -> String {
        String::from_utf8(format_repr(v).as_bytes().to_vec()).unwrap()
    }

    /// Expected strings printed by CPython 3.11 (`'{0:.17g}'.format(v)` and
    /// `repr(v)`).
    #[test]
    fn matches_python_on_hand_picked_values() {
        let cases: &[(f64, &str, &str)] = &[
            (0.1, "0.10000000000000001", "0.1"),
            (1e100, "1e+100", "1e+100"),
            (-0.0, "-0", "-0.0"),
            (0.0, "0", "0.0"),
            (1.0, "1", "1.0"),
            (1e16, "10000000000000000", "1e+16"),
            (1e15, "1000000000000000", "1000000000000000.0"),
            (1e17, "1e+17", "1e+17"),
            (123456789.125, "123456789.125", "123456789.125"),
            (1e-5, "1.0000000000000001e-05", "1e-05"),
            (1e-4, "0.0001", "0.0001"),
            (
                2f64.powi(-25),
                "2.9802322387695312e-08",
                "2.9802322387695312e-08",
            ),
            (5e-324, "4.9406564584124654e-324", "5e-324"),
            (
                f64::MAX,
                "1.7976931348623157e+308",
                "1.7976931348623157e+308",
            ),
            (0.5, "0.5", "0.5"),
            (100.0, "100", "100.0"),
            (1.5e-7, "1.4999999999999999e-07", "1.5e-07"),
            (-2.5, "-2.5", "-2.5"),
            (1234.5678, "1234.5678", "1234.5678"),
            // Shortest-digit ties, where Python rounds half to even.
            (
                -f64::from_bits(0xc3056f0a0aad1a3a),
                "754132928799559.25",
                "754132928799559.2",
            ),
            (
                f64::from_bits(0xc2d61bd712b28628),
                "-97235313019416.625",
                "-97235313019416.62",
            ),
        ];
        for &(v, want_g17, want_repr) in cases {
            assert_eq!(g17(v), want_g17, "g17 of {v:e}");
            assert_eq!(repr(v), want_repr, "repr of {v:e}");
        }
    }
}
