//! Recovery after a syntax error, so one run reports the syntax errors of
//! several definitions rather than only the first.
//!
//! pest stops at the first error. To find more, the definition holding the
//! error is blanked out (every character but newlines becomes a space, so
//! byte offsets and line numbers stay valid) and the text is parsed again.
//! Definitions are found by their keyword at the start of a line, which is how
//! IDL files are written; this is a heuristic used only to find further
//! errors, never to accept input.

use std::ops::Range;

/// Keywords that start a header or definition when they begin a line.
const STARTS: &[&str] = &[
    "struct",
    "union",
    "exception",
    "enum",
    "senum",
    "service",
    "typedef",
    "const",
    "include",
    "cpp_include",
    "namespace",
];

/// Offsets of the keywords that begin a line and start a definition or header.
fn definition_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let word_end = trimmed
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(trimmed.len());
        if STARTS.contains(&&trimmed[..word_end]) {
            starts.push(line_start + (line.len() - trimmed.len()));
        }
        line_start += line.len();
    }
    starts
}

/// The byte range to blank out for a syntax error at `pos`: the definition
/// holding it or, when the error sits on the keyword of the next definition
/// (an unclosed body), the definition before.
pub(super) fn region(text: &str, pos: usize) -> Option<Range<usize>> {
    let starts = definition_starts(text);
    let containing = starts.iter().rposition(|&s| s <= pos);
    let index = match containing {
        Some(i) if starts[i] == pos => i.checked_sub(1)?,
        Some(i) => i,
        None => return None,
    };
    let start = starts[index];
    let end = starts.get(index + 1).copied().unwrap_or(text.len());
    (start < end).then_some(start..end)
}

/// `text` with `range` replaced by spaces, newlines kept.
pub(super) fn blank(text: &str, range: Range<usize>) -> String {
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..range.start]);
    for c in text[range.clone()].chars() {
        if c == '\n' {
            out.push('\n');
        } else {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    }
    out.push_str(&text[range.end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_definition_holding_the_error_is_blanked() {
        let text = "struct A {\n  1: i32 a\n}\nstruct B {\n  1: x y z\n}\nenum C { X }\n";
        let pos = text.find("z").unwrap();
        let range = region(text, pos).unwrap();
        assert_eq!(&text[range.clone()], "struct B {\n  1: x y z\n}\n");
        let blanked = blank(text, range);
        assert_eq!(blanked.len(), text.len());
        assert_eq!(blanked.lines().count(), text.lines().count());
    }

    #[test]
    fn an_error_on_the_next_keyword_blames_the_previous_definition() {
        let text = "struct A {\n  1: i32 a\nstruct B {}\n";
        let pos = text.find("struct B").unwrap();
        let range = region(text, pos).unwrap();
        assert_eq!(&text[range], "struct A {\n  1: i32 a\n");
    }

    #[test]
    fn blanking_keeps_multibyte_offsets() {
        let text = "const string s = \"é\"\n";
        let blanked = blank(text, 0..text.len());
        assert_eq!(blanked.len(), text.len());
        assert!(blanked.trim().is_empty());
    }
}
