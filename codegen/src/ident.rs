//! Rust spellings of IDL names: casing and keyword escaping.
//!
//! Every Rust identifier the generator emits for an IDL name goes through this
//! module. Casing splits a name into words at underscores, at lower-to-upper
//! changes (`theEdge` -> `the`, `edge`) and before the last capital of an
//! acronym (`HTTPServer` -> `http`, `server`); digits stay with the word before
//! them. Leading and trailing underscores are kept, so `Tricky_` and `Tricky`
//! stay apart. Keywords become raw identifiers (`r#type`), except the four
//! that cannot be raw (`self`, `super`, `crate`, `Self`), which get a trailing
//! `_`, as does `_`. Collisions between different IDL names are resolved by
//! the caller ([`crate::names`]); this module only spells one name.

use proc_macro2::{Ident, Span};

/// Keywords of Rust 2024 (strict and reserved) that cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers.
const NOT_RAW: &[&str] = &["self", "super", "crate", "Self", "_"];

/// The words of `name` (see the module docs), plus the underscores that
/// surround it.
fn words(name: &str) -> (usize, Vec<String>, usize) {
    let leading = name.len() - name.trim_start_matches('_').len();
    let trailing = name.len() - name.trim_end_matches('_').len();
    let core = name.trim_matches('_');
    let chars: Vec<char> = core.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        // Anything that cannot be part of an identifier (the `.` of a
        // directory name like `v0.16`) separates words like `_` does.
        if c == '_' || !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let next = chars.get(i + 1).copied();
        let boundary = c.is_uppercase()
            && match prev {
                Some(p) if p.is_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_uppercase() => next.is_some_and(char::is_lowercase),
                _ => false,
            };
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    (leading, words, trailing)
}

fn surround(leading: usize, body: String, trailing: usize) -> String {
    let mut out = "_".repeat(leading);
    out.push_str(&body);
    out.push_str(&"_".repeat(trailing));
    out
}

/// `UpperCamelCase`, for types and union variants.
pub(crate) fn upper_camel(name: &str) -> String {
    let (leading, words, trailing) = words(name);
    let body: String = words
        .iter()
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect();
    surround(leading, body, trailing)
}

/// `snake_case`, for fields, modules and functions.
pub(crate) fn snake(name: &str) -> String {
    let (leading, words, trailing) = words(name);
    let body = words
        .iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    surround(leading, body, trailing)
}

/// `SCREAMING_SNAKE_CASE`, for constants and enum members.
pub(crate) fn shouty(name: &str) -> String {
    let (leading, words, trailing) = words(name);
    let body = words
        .iter()
        .map(|w| w.to_uppercase())
        .collect::<Vec<_>>()
        .join("_");
    surround(leading, body, trailing)
}

/// The spelling of `name` as a Rust identifier: raw for keywords, a trailing
/// `_` for the keywords that cannot be raw. Returns the text (`r#type`).
pub(crate) fn escape(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// An identifier token for text that [`escape`] produced. Text that is not
/// an identifier (callers report those as diagnostics first) becomes
/// `invalid_` rather than a panic.
pub(crate) fn ident(escaped: &str) -> Ident {
    if !is_valid(escaped) {
        return Ident::new("invalid_", Span::call_site());
    }
    match escaped.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(escaped, Span::call_site()),
    }
}

/// Whether `text` is a valid Rust identifier after escaping (ASCII letters,
/// digits and `_`, not starting with a digit, not empty or a lone `_`).
pub(crate) fn is_valid(text: &str) -> bool {
    let body = text.strip_prefix("r#").unwrap_or(text);
    let mut chars = body.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && body.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
        && body != "_"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casing_splits_words_like_rust_conventions_expect() {
        assert_eq!(upper_camel("ClassAndProp"), "ClassAndProp");
        assert_eq!(upper_camel("second_chance"), "SecondChance");
        assert_eq!(upper_camel("NOW_EAT_THIS"), "NowEatThis");
        assert_eq!(upper_camel("HTTPServer"), "HttpServer");
        assert_eq!(upper_camel("Tricky_"), "Tricky_");
        assert_eq!(upper_camel("thrift5626_x"), "Thrift5626X");
        assert_eq!(snake("theEdgeCase"), "the_edge_case");
        assert_eq!(snake("TheEdgeCase__"), "the_edge_case__");
        assert_eq!(snake("SECOND_CHANCE"), "second_chance");
        assert_eq!(snake("i32"), "i32");
        assert_eq!(snake("_private"), "_private");
        assert_eq!(snake("userMap"), "user_map");
        assert_eq!(snake("v0.16_thrift_test"), "v0_16_thrift_test");
        assert_eq!(shouty("theEdgeCase"), "THE_EDGE_CASE");
        assert_eq!(shouty("Red"), "RED");
        assert_eq!(shouty("ONE"), "ONE");
    }

    #[test]
    fn keywords_become_raw_except_those_that_cannot() {
        assert_eq!(escape("type"), "r#type");
        assert_eq!(escape("gen"), "r#gen");
        assert_eq!(escape("self"), "self_");
        assert_eq!(escape("Self"), "Self_");
        assert_eq!(escape("crate"), "crate_");
        assert_eq!(escape("super"), "super_");
        assert_eq!(escape("_"), "__");
        assert_eq!(escape("union"), "union");
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("name").to_string(), "name");
    }

    #[test]
    fn validity_rejects_what_cannot_be_an_identifier() {
        assert!(is_valid("r#type"));
        assert!(is_valid("_x1"));
        assert!(!is_valid(""));
        assert!(!is_valid("_"));
        assert!(!is_valid("1x"));
        assert!(!is_valid("a-b"));
    }
}
