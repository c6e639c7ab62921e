//! Word-at-a-time byte scans and integer formatting for the JSON hot paths.
//!
//! Strings dominate JSON frames, and most of their bytes need no attention:
//! testing eight bytes per step for a quote, a backslash or a control
//! character lets the common case run several times faster than a per-byte
//! loop, in safe code and without a dependency.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Non-zero iff some byte of `word` equals `byte`.
#[inline]
fn has_byte(word: u64, byte: u8) -> u64 {
    let x = word ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// Non-zero iff some byte of `word` is below 0x20.
#[inline]
fn has_control(word: u64) -> u64 {
    word.wrapping_sub(ONES * 0x20) & !word & HIGHS
}

/// The index of the first byte for which `wanted` holds, skipping eight-byte
/// words for which `maybe` is zero. `maybe` must be non-zero for every word
/// that holds a wanted byte.
#[inline]
fn find(bytes: &[u8], maybe: impl Fn(u64) -> u64, wanted: impl Fn(u8) -> bool) -> Option<usize> {
    let mut offset = 0;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let Ok(array) = <[u8; 8]>::try_from(word) else {
            break;
        };
        if maybe(u64::from_le_bytes(array)) != 0
            && let Some(at) = word.iter().position(|&b| wanted(b))
        {
            return Some(offset + at);
        }
        offset += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| wanted(b))
        .map(|at| offset + at)
}

/// The first `"` or `\`.
pub(crate) fn find_quote_or_backslash(bytes: &[u8]) -> Option<usize> {
    find(
        bytes,
        |w| has_byte(w, b'"') | has_byte(w, b'\\'),
        |b| b == b'"' || b == b'\\',
    )
}

/// The first byte `needs_escape` says must be escaped; that predicate must
/// only ever accept `"`, `\` or control characters.
pub(crate) fn find_escape(bytes: &[u8], needs_escape: impl Fn(u8) -> bool) -> Option<usize> {
    find(
        bytes,
        |w| has_byte(w, b'"') | has_byte(w, b'\\') | has_control(w),
        needs_escape,
    )
}

/// "00" to "99", two bytes each.
const DIGIT_PAIRS: [u8; 200] = {
    let mut table = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        table[2 * i] = b'0' + (i / 10) as u8;
        table[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    table
};

/// Decimal text of an integer, built right to left two digits at a time.
pub(crate) struct IntText {
    bytes: [u8; 20],
    start: usize,
}

impl IntText {
    /// Formats `value`, with a leading `-` when negative.
    pub(crate) fn new(value: i64) -> Self {
        let mut bytes = [0u8; 20];
        let mut at = bytes.len();
        let mut rest = value.unsigned_abs();
        let mut put_pair = |at: &mut usize, pair: u64| {
            let i = pair as usize * 2;
            *at -= 2;
            bytes[*at..*at + 2].copy_from_slice(&DIGIT_PAIRS[i..i + 2]);
        };
        while rest >= 100 {
            put_pair(&mut at, rest % 100);
            rest /= 100;
        }
        if rest >= 10 {
            put_pair(&mut at, rest);
        } else {
            at -= 1;
            bytes[at] = b'0' + rest as u8;
        }
        if value < 0 {
            at -= 1;
            bytes[at] = b'-';
        }
        IntText { bytes, start: at }
    }

    /// The text.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes.get(self.start..).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn integers_format_like_display_at_the_edges() {
        for v in [0, 1, -1, 9, 10, 99, 100, -100, 12345, i64::MAX, i64::MIN] {
            assert_eq!(IntText::new(v).as_bytes(), v.to_string().as_bytes());
        }
    }

    proptest! {
        #[test]
        fn integers_format_like_display(v in any::<i64>()) {
            let text = IntText::new(v);
            let expected = v.to_string();
            prop_assert_eq!(text.as_bytes(), expected.as_bytes());
        }

        #[test]
        fn scans_agree_with_a_byte_loop(bytes in proptest::collection::vec(
            prop::sample::select(vec![b'a', b'"', b'\\', 0x01, 0x1f, 0x20, 0x7f, 0x80, 0xff, b'\n']),
            0..40,
        )) {
            prop_assert_eq!(
                find_quote_or_backslash(&bytes),
                bytes.iter().position(|&b| b == b'"' || b == b'\\')
            );
            let control = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
            prop_assert_eq!(find_escape(&bytes, control), bytes.iter().position(|&b| control(b)));
            let newline_only = |b: u8| b == b'\n';
            prop_assert_eq!(find_escape(&bytes, newline_only), bytes.iter().position(|&b| b == b'\n'));
        }
    }
}
