//! Decoding of literal tokens: integers, string escapes and doc comments.
//!
//! Pure functions over token text; the caller turns their errors into
//! diagnostics with the right span.

/// Parses an integer token the way the reference lexer does: optional sign,
/// decimal or lowercase-`0x` hexadecimal, or `true`/`false` as 1/0.
/// `None` means the value does not fit in an `i64`.
pub(crate) fn parse_int(token: &str) -> Option<i64> {
    match token {
        "true" => return Some(1),
        "false" => return Some(0),
        _ => {}
    }
    let (negative, digits) = match token.as_bytes().first() {
        Some(b'-') => (true, &token[1..]),
        Some(b'+') => (false, &token[1..]),
        _ => (false, token),
    };
    if let Some(hex) = digits.strip_prefix("0x") {
        // The reference reads the magnitude with strtoll, so it must fit an i64.
        let magnitude = i64::from_str_radix(hex, 16).ok()?;
        return Some(if negative { -magnitude } else { magnitude });
    }
    // Parse with the sign so that i64::MIN is representable.
    if negative {
        format!("-{digits}").parse().ok()
    } else {
        digits.parse().ok()
    }
}

/// A bad escape inside a string literal: byte offset of the backslash
/// (relative to the token) and the escaped character.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct BadEscape {
    pub(crate) offset: usize,
    pub(crate) ch: char,
}

/// Unescapes a quoted literal token (quotes included). Only the reference's
/// escapes `\n \r \t \" \' \\` are allowed.
pub(crate) fn unescape(token: &str) -> Result<String, BadEscape> {
    let body = token.get(1..token.len().saturating_sub(1)).unwrap_or("");
    if !body.contains('\\') {
        return Ok(body.to_owned());
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let escaped = chars.next().map_or('\\', |(_, e)| e);
        out.push(match escaped {
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            '"' => '"',
            '\'' => '\'',
            '\\' => '\\',
            other => {
                return Err(BadEscape {
                    offset: i + 1,
                    ch: other,
                });
            }
        });
    }
    Ok(out)
}

/// Cleans a `/** ... */` comment: drops the markers, a common `*` margin, the
/// common indentation, trailing blanks and leading/trailing empty lines.
pub(crate) fn clean_doc(comment: &str) -> String {
    let inner = comment
        .strip_prefix("/**")
        .and_then(|c| c.strip_suffix("*/"))
        .unwrap_or(comment);
    let mut lines: Vec<&str> = inner.lines().map(|l| l.trim_end()).collect();
    let starred = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .all(|l| l.trim_start().starts_with('*'));
    if starred {
        for line in lines.iter_mut().skip(1) {
            let trimmed = line.trim_start();
            if let Some(rest) = trimmed.strip_prefix('*') {
                *line = rest;
            }
        }
    }
    if let Some(first) = lines.first_mut() {
        *first = first.trim_start();
    }
    let indent = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    for (n, line) in lines.iter().enumerate() {
        if n == 0 || line.trim().is_empty() {
            out.push(line.trim());
        } else {
            out.push(line.get(indent..).unwrap_or(line).trim_end());
        }
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    let mut text = String::new();
    for line in out {
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// Moves `end` back over trailing whitespace and comments (never before `start`).
pub(crate) fn trim_trivia(text: &str, start: usize, mut end: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        match end.checked_sub(1).map(|i| bytes[i]) {
            Some(b' ' | b'\t' | b'\r' | b'\n') if end > start => end -= 1,
            Some(b'/') if end >= start + 4 && text[..end].ends_with("*/") => {
                match text[start..end - 2].rfind("/*") {
                    Some(open) => end = start + open,
                    None => return end,
                }
            }
            _ => {
                // A line comment ending the span (only possible when pest
                // skipped it along with the newline that followed it).
                let line_start = text[start..end]
                    .rfind('\n')
                    .map_or(start, |i| start + i + 1);
                match line_comment_start(&bytes[line_start..end]) {
                    Some(offset) => end = line_start + offset,
                    None => return end,
                }
            }
        }
    }
}

/// Where a `//` or `#` comment starts in `line`, outside string literals.
fn line_comment_start(line: &[u8]) -> Option<usize> {
    let mut quote = None;
    let mut i = 0;
    while i < line.len() {
        let b = line[i];
        match quote {
            Some(_) if b == b'\\' => i += 1,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'#' => return Some(i),
            None if b == b'/' && line.get(i + 1) == Some(&b'/') => return Some(i),
            None => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_follow_the_reference_lexer() {
        assert_eq!(parse_int("42"), Some(42));
        assert_eq!(parse_int("+7"), Some(7));
        assert_eq!(parse_int("-0x10"), Some(-16));
        assert_eq!(parse_int("0xfF"), Some(255));
        assert_eq!(parse_int("true"), Some(1));
        assert_eq!(parse_int("false"), Some(0));
        assert_eq!(parse_int("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_int("9223372036854775808"), None);
        assert_eq!(parse_int("9876543210987654321"), None);
        assert_eq!(parse_int("0x8000000000000000"), None);
    }

    #[test]
    fn escapes_are_the_reference_ones() {
        assert_eq!(unescape(r#""a\n\t\"\\'""#).unwrap(), "a\n\t\"\\'");
        assert_eq!(unescape(r"'it\'s'").unwrap(), "it's");
        assert_eq!(unescape(r#""a\qb""#), Err(BadEscape { offset: 2, ch: 'q' }));
    }

    #[test]
    fn trailing_trivia_is_trimmed_from_spans() {
        let text = "typedef A B  // note\n  /* x */ \n";
        assert_eq!(trim_trivia(text, 0, text.len()), "typedef A B".len());
        let text = "const string s = \"a # b\"\n";
        assert_eq!(trim_trivia(text, 0, text.len()), text.len() - 1);
    }

    #[test]
    fn doc_comments_lose_their_markers() {
        assert_eq!(clean_doc("/** one line */"), "one line\n");
        let doc = "/**\n   * First.\n   *   indented\n   *\n   * Last.\n   */";
        assert_eq!(clean_doc(doc), "First.\n  indented\n\nLast.\n");
        assert_eq!(clean_doc("/** a\n    b */"), "a\nb\n");
    }
}
