//! A cheap byte-level pass over a file before pest sees it.
//!
//! pest's generated parser is recursive, so deeply nested brackets would
//! overflow the stack; this pass rejects nesting deeper than [`MAX_DEPTH`]
//! with a diagnostic at the offending bracket. It also reports unterminated
//! comments and string literals in words a reader understands, and collects
//! every doc comment with the offset of the token it documents.

use crate::diagnostic::Diagnostic;
use crate::span::{FileId, Span};

/// The deepest nesting of `( [ { <` accepted. Real IDL files stay below ten;
/// the limit keeps pest's recursion far from the end of a 2 MiB thread stack
/// even in unoptimised builds.
pub(crate) const MAX_DEPTH: usize = 100;

/// A `/** ... */` comment and the token that follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DocComment {
    /// Byte offset of `/**`.
    pub(crate) start: usize,
    /// Byte offset one past `*/`.
    pub(crate) end: usize,
    /// Offset of the first token after the comment (the file length at the end).
    pub(crate) next_token: usize,
}

/// What the pre-scan learnt about a file.
#[derive(Debug, Default)]
pub(crate) struct Prescan {
    /// Doc comments in file order.
    pub(crate) docs: Vec<DocComment>,
}

/// Scans `text`; returns the doc comments, or the diagnostic that makes parsing pointless.
pub(crate) fn prescan(file: FileId, text: &str) -> Result<Prescan, Diagnostic> {
    let bytes = text.as_bytes();
    let mut docs: Vec<DocComment> = Vec::new();
    let mut pending_docs = 0usize;
    let mut depth = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => {
                i += 1;
                continue;
            }
            b'#' => {
                i = line_end(bytes, i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = line_end(bytes, i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let Some(close) = find(bytes, i + 2, b"*/") else {
                    return Err(Diagnostic::error("unterminated comment")
                        .at(Span::new(file, i, i + 2), "this comment is never closed")
                        .with_note("a `/*` comment ends at the next `*/`"));
                };
                let end = close + 2;
                let is_doc = bytes.get(i + 2) == Some(&b'*') && end > i + 4;
                if is_doc {
                    docs.push(DocComment {
                        start: i,
                        end,
                        next_token: bytes.len(),
                    });
                    pending_docs += 1;
                }
                i = end;
                continue;
            }
            _ => {}
        }
        // A token starts here: it is what the pending doc comments document.
        let n = docs.len();
        for doc in &mut docs[n - pending_docs..] {
            doc.next_token = i;
        }
        pending_docs = 0;
        match b {
            b'"' | b'\'' => i = string_end(file, bytes, i)?,
            b'(' | b'[' | b'{' | b'<' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(Diagnostic::error(format!(
                        "brackets are nested too deeply (more than {MAX_DEPTH} levels)"
                    ))
                    .at(Span::new(file, i, i + 1), "this bracket is too deep")
                    .with_note(
                        "trift limits nesting so that no input can exhaust the parser's stack",
                    ));
                }
                i += 1;
            }
            b')' | b']' | b'}' | b'>' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    Ok(Prescan { docs })
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| from + p)
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// Offset one past the closing quote of the literal opening at `start`.
fn string_end(file: FileId, bytes: &[u8], start: usize) -> Result<usize, Diagnostic> {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b if b == quote => return Ok(i + 1),
            b'\\' if bytes.get(i + 1).is_some_and(|&b| b != b'\n') => i += 2,
            b'\n' => break,
            _ => i += 1,
        }
    }
    Err(Diagnostic::error("unterminated string literal")
        .at(Span::new(file, start, i), "this string is never closed")
        .with_note("string literals end on the same line, with the quote they started with"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: FileId = FileId(0);

    #[test]
    fn doc_comments_point_at_the_next_token() {
        let text = "/** a */ // x\n/** b */ struct S {}\n/**/ /* c */ enum E {}";
        let scan = prescan(F, text).unwrap();
        assert_eq!(scan.docs.len(), 2);
        let struct_at = text.find("struct").unwrap();
        assert!(scan.docs.iter().all(|d| d.next_token == struct_at));
    }

    #[test]
    fn brackets_inside_strings_and_comments_do_not_count() {
        let text = format!(
            "const string s = \"{}\" # {}\n",
            "(".repeat(500),
            "[".repeat(500)
        );
        assert!(prescan(F, &text).is_ok());
    }

    #[test]
    fn deep_nesting_is_rejected_at_the_offending_bracket() {
        let text = format!("typedef {}i32{} T", "list<".repeat(200), ">".repeat(200));
        let err = prescan(F, &text).unwrap_err();
        let span = err.primary_span().unwrap();
        assert_eq!(span.start as usize, "typedef ".len() + 5 * MAX_DEPTH + 4);
        assert!(err.message.contains("nested too deeply"));
    }

    #[test]
    fn unterminated_comment_and_string_are_reported() {
        assert!(
            prescan(F, "/* open")
                .unwrap_err()
                .message
                .contains("comment")
        );
        let err = prescan(F, "const string s = \"abc\nx\"").unwrap_err();
        assert!(err.message.contains("unterminated string"));
        assert!(prescan(F, "const string s = 'it\\'s'").is_ok());
    }
}
