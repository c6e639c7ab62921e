//! Turns pest's parse errors into plain-language [`Diagnostic`]s.
//!
//! Every rule that can show up in an "expected ..." list has a human name
//! here (pest's `renamed_rules` idea, done on our side so we can also merge
//! and reorder alternatives), and the message names the token actually found.

use pest::error::{Error, ErrorVariant, InputLocation};

use super::grammar::Rule;
use crate::diagnostic::Diagnostic;
use crate::span::{FileId, Span};

/// The words used for `rule` in "expected ..." messages; `None` hides the rule.
fn describe(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::EOI => "end of file",
        Rule::include | Rule::cpp_include | Rule::namespace | Rule::kw_include => {
            "a header (`include`, `cpp_include`, `namespace`)"
        }
        Rule::definition => "a definition (`struct`, `enum`, `service`, ...)",
        Rule::const_def | Rule::kw_const => "`const`",
        Rule::typedef_def | Rule::kw_typedef => "`typedef`",
        Rule::enum_def | Rule::kw_enum => "`enum`",
        Rule::struct_def | Rule::kw_struct => "`struct`",
        Rule::union_def | Rule::kw_union => "`union`",
        Rule::exception_def | Rule::kw_exception => "`exception`",
        Rule::service_def | Rule::kw_service => "`service`",
        Rule::identifier | Rule::type_ref | Rule::namespace_scope | Rule::const_ident => {
            "an identifier"
        }
        Rule::field_name => "a field name",
        Rule::literal => "a string literal",
        Rule::int_const | Rule::field_id => "an integer",
        Rule::double_const => "a number",
        Rule::const_list => "`[`",
        Rule::const_map => "`{`",
        Rule::field_type | Rule::base_type | Rule::base_type_name => "a field type",
        Rule::map_type | Rule::set_type | Rule::list_type => "a field type",
        Rule::void_type | Rule::kw_void => "`void`",
        Rule::field => "a field",
        Rule::function => "a function",
        Rule::enum_value => "an enum value",
        Rule::annotations => "`(`",
        Rule::annotation => "an annotation",
        Rule::extends | Rule::kw_extends => "`extends`",
        Rule::throws | Rule::kw_throws => "`throws`",
        Rule::oneway | Rule::kw_oneway | Rule::kw_async => "`oneway`",
        Rule::requiredness | Rule::kw_required | Rule::kw_optional => "`required`, `optional`",
        Rule::reference => "`&`",
        Rule::namespace_star => "`*`",
        Rule::kw_namespace | Rule::kw_cpp_include => {
            "a header (`include`, `cpp_include`, `namespace`)"
        }
        Rule::kw_map => "`map`",
        Rule::kw_set => "`set`",
        Rule::kw_list => "`list`",
        _ => return None,
    })
}

/// The token at `pos`, as shown after "found".
fn found_token(text: &str, pos: usize) -> String {
    let rest = text.get(pos..).unwrap_or("");
    let Some(first) = rest.chars().next() else {
        return "end of file".to_owned();
    };
    let word_len = |pred: fn(char) -> bool| rest.find(|c: char| !pred(c)).unwrap_or(rest.len());
    let token = if first.is_ascii_alphabetic() || first == '_' {
        &rest[..word_len(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')]
    } else if first.is_ascii_digit() {
        &rest[..word_len(|c| c.is_ascii_alphanumeric() || c == '.')]
    } else if first == '"' || first == '\'' {
        return "a string literal".to_owned();
    } else {
        &rest[..first.len_utf8()]
    };
    let shown: String = token.chars().take(40).collect();
    format!("`{}`", shown.escape_debug())
}

fn join_alternatives(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// Punctuation that is worth naming in "expected ..." lists.
const PUNCTUATION: &[&str] = &[
    "=", ":", ",", ";", "{", "}", "(", ")", "[", "]", "<", ">", "*", "&",
];

/// What pest's detailed tracking saw at the farthest position it reached.
pub(super) struct Attempts {
    /// The farthest byte offset.
    pub(super) position: usize,
    /// Debug forms of the tokens expected there.
    pub(super) tokens: Vec<String>,
    /// Rules that were attempted there.
    pub(super) rules: Vec<Rule>,
}

/// Converts a pest error into a diagnostic at the failing position. `attempts`
/// (from a re-parse with pest's error detail on) adds the punctuation that
/// would have been accepted, which plain pest errors do not list.
pub(super) fn to_diagnostic(
    file: FileId,
    text: &str,
    error: &Error<Rule>,
    attempts: Option<&Attempts>,
) -> Diagnostic {
    let rule_pos = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((start, _)) => start,
    };
    let positives: &[Rule] = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives,
        ErrorVariant::CustomError { .. } => &[],
    };
    // Attempts in the middle of a word come from keyword look-aheads inside
    // identifiers; they would point at the wrong place.
    let mid_word = |p: usize| {
        let before = text[..p.min(text.len())].chars().next_back();
        let at = text.get(p..).and_then(|t| t.chars().next());
        let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
        at.is_some_and(char::is_whitespace) || (before.is_some_and(word) && at.is_some_and(word))
    };
    let attempt_pos = attempts
        .map(|a| a.position)
        .filter(|&p| !mid_word(p))
        .unwrap_or(0);
    let pos = rule_pos.max(attempt_pos);
    let mut expected: Vec<String> = Vec::new();
    let mut push = |words: String| {
        if !expected.contains(&words) {
            expected.push(words);
        }
    };
    if let Some(attempts) = attempts.filter(|_| attempt_pos == pos) {
        for token in &attempts.tokens {
            let literal = token
                .strip_prefix("Sensitive { token: \"")
                .and_then(|t| t.strip_suffix("\" }"));
            if let Some(literal) = literal
                && PUNCTUATION.contains(&literal)
            {
                push(format!("`{literal}`"));
            }
        }
        // Keyword rules here are the definition being parsed, not what may follow.
        for rule in &attempts.rules {
            if let Some(words) = describe(*rule).filter(|w| !w.starts_with('`')) {
                push(words.to_owned());
            }
        }
    }
    if rule_pos == pos {
        for rule in positives {
            if let Some(words) = describe(*rule) {
                push(words.to_owned());
            }
        }
    }
    let found = found_token(text, pos);
    let end = if pos < text.len() {
        let token_len = text[pos..]
            .find(|c: char| c.is_whitespace())
            .unwrap_or(text.len() - pos);
        pos + token_len.clamp(1, 40)
    } else {
        pos
    };
    let span = Span::new(file, pos, end);
    let word = found.trim_matches('`');
    if positives.contains(&Rule::definition)
        && matches!(word, "include" | "cpp_include" | "namespace")
    {
        return Diagnostic::error(format!("`{word}` after a definition"))
            .at(span, "headers must come first")
            .with_note(
                "`include`, `cpp_include` and `namespace` must come before the first definition",
            );
    }
    // Literal tokens first, then descriptions: "`=`, `}` or a field".
    let mut expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    expected.sort_by_key(|words| !words.starts_with('`'));
    if expected.is_empty() {
        return Diagnostic::error(format!("unexpected {found}")).at(span, "not allowed here");
    }
    Diagnostic::error(format!(
        "expected {}, found {found}",
        join_alternatives(&expected)
    ))
    .at(span, format!("unexpected {found}"))
}
