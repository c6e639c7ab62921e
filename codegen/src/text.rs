//! A small indenting writer for emitters that write formatted Rust text
//! directly instead of tokens (no syn parse, no prettyplease pass).
//!
//! It lays code out as rustfmt does (edition 2024, default options) for the
//! shapes those emitters produce: four-space indentation, and a call whose
//! line would pass 100 columns, or whose arguments take more than 60, with
//! one argument per line and a trailing comma. Struct literals are written
//! on one line only when their fields take at most 18 columns, rustfmt's
//! `struct_lit_width`. Emitters keep every other line short by construction
//! (fixed local names, helper calls instead of chains and nesting).

/// rustfmt's `max_width`.
const MAX_WIDTH: usize = 100;
/// rustfmt's `fn_call_width`: the most a call's arguments take on one line.
const CALL_WIDTH: usize = 60;
/// rustfmt's `struct_lit_width`.
const STRUCT_LIT_WIDTH: usize = 18;

/// Formatted Rust text being written line by line.
#[derive(Debug, Default)]
pub(crate) struct Code {
    out: String,
    indent: usize,
}

impl Code {
    /// An empty text at indentation 0.
    pub(crate) fn new() -> Self {
        Code::default()
    }

    /// The text written so far.
    pub(crate) fn finish(self) -> String {
        self.out
    }

    fn pad(&mut self) {
        for _ in 0..self.indent {
            self.out.push_str("    ");
        }
    }

    /// One line at the current indentation.
    pub(crate) fn line(&mut self, text: &str) {
        self.pad();
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A line that opens a block (it ends with `{`): what follows is
    /// indented one more level.
    pub(crate) fn open(&mut self, text: &str) {
        self.line(text);
        self.indent += 1;
    }

    /// A line that closes a block (it starts with `}`), one level out.
    pub(crate) fn close(&mut self, text: &str) {
        self.indent = self.indent.saturating_sub(1);
        self.line(text);
    }

    /// One level deeper (after a `close` whose line also opens a block, as
    /// `) -> T {` does).
    pub(crate) fn indent_in(&mut self) {
        self.indent += 1;
    }

    /// `{head} {for_type} {{` on one line when it fits, else `head`, then
    /// `for_type` indented, then `{` on its own line (rustfmt's layout of a
    /// long impl header); what follows is indented.
    pub(crate) fn impl_header(&mut self, head: &str, for_type: &str) {
        if self.indent * 4 + head.len() + for_type.len() + 3 <= MAX_WIDTH {
            self.open(&format!("{head} {for_type} {{"));
        } else {
            self.line(head);
            self.indent += 1;
            self.line(for_type);
            self.indent = self.indent.saturating_sub(1);
            self.open("{");
        }
    }

    /// `{head}({args}){tail}` on one line when it fits, else one argument
    /// per line with a trailing comma.
    pub(crate) fn call(&mut self, head: &str, args: &[&str], tail: &str) {
        let joined = args.join(", ");
        let width = self.indent * 4 + head.len() + joined.len() + tail.len() + 2;
        if width <= MAX_WIDTH && joined.len() <= CALL_WIDTH {
            self.pad();
            self.out.push_str(head);
            self.out.push('(');
            self.out.push_str(&joined);
            self.out.push(')');
            self.out.push_str(tail);
            self.out.push('\n');
            return;
        }
        self.open(&format!("{head}("));
        for arg in args {
            self.line(&format!("{arg},"));
        }
        self.indent = self.indent.saturating_sub(1);
        self.line(&format!("){tail}"));
    }

    /// `{head}Self { fields }{tail}` (`head` ends with `(` or is empty and
    /// `tail` closes it): the fields `(member, value)` on one line when
    /// short, else one per line; values may be calls (`call` lays them out).
    pub(crate) fn struct_literal(
        &mut self,
        head: &str,
        fields: &[(String, FieldValue<'_>)],
        tail: &str,
    ) {
        if fields.is_empty() {
            self.line(&format!("{head}Self {{}}{tail}"));
            return;
        }
        let inline: Vec<String> = fields
            .iter()
            .map(|(member, value)| format!("{member}: {}", value.inline()))
            .collect();
        let body = inline.join(", ");
        let width = self.indent * 4 + head.len() + body.len() + tail.len() + 9;
        if body.len() <= STRUCT_LIT_WIDTH && width <= MAX_WIDTH {
            self.line(&format!("{head}Self {{ {body} }}{tail}"));
            return;
        }
        self.open(&format!("{head}Self {{"));
        for (member, value) in fields {
            match value {
                FieldValue::Plain(text) => self.line(&format!("{member}: {text},")),
                FieldValue::Call { head, args, tail } => {
                    let args: Vec<&str> = args.iter().map(String::as_str).collect();
                    self.call(&format!("{member}: {head}"), &args, &format!("{tail},"));
                }
            }
        }
        self.close(&format!("}}{tail}"));
    }
}

/// A short expression's tokens as one-line text, for the simple shapes an
/// IDL default that does not allocate takes (`-1`, `true`, `E::MEMBER`,
/// `__codegen::Some(2)`, `super::other::E(7)`): idents, literals, `::` and
/// `-`, parenthesised groups. `None` for anything else (braces, two idents
/// in a row), which the caller then emits as tokens.
pub(crate) fn inline_expr(tokens: &proc_macro2::TokenStream) -> Option<String> {
    use proc_macro2::{Delimiter, TokenTree};
    let mut out = String::new();
    let mut last_word = false;
    for tree in tokens.clone() {
        match tree {
            TokenTree::Ident(ident) => {
                if last_word {
                    return None;
                }
                out.push_str(&ident.to_string());
                last_word = true;
            }
            TokenTree::Literal(literal) => {
                if last_word {
                    return None;
                }
                out.push_str(&literal.to_string());
                last_word = true;
            }
            TokenTree::Punct(punct) => {
                match punct.as_char() {
                    ':' | '-' | '.' => out.push(punct.as_char()),
                    ',' => out.push_str(", "),
                    _ => return None,
                }
                last_word = false;
            }
            TokenTree::Group(group) => {
                if group.delimiter() != Delimiter::Parenthesis {
                    return None;
                }
                out.push('(');
                out.push_str(&inline_expr(&group.stream())?);
                out.push(')');
                last_word = true;
            }
        }
    }
    Some(out)
}

/// The value of a field in a struct literal.
#[derive(Debug)]
pub(crate) enum FieldValue<'a> {
    /// Text that stays on one line (a local's name).
    Plain(String),
    /// A call `{head}({args}){tail}`, laid out by [`Code::call`].
    Call {
        /// The callee.
        head: &'a str,
        /// The arguments.
        args: Vec<String>,
        /// After the closing parenthesis (`?`).
        tail: &'a str,
    },
}

impl FieldValue<'_> {
    fn inline(&self) -> String {
        match self {
            FieldValue::Plain(text) => text.clone(),
            FieldValue::Call { head, args, tail } => format!("{head}({}){tail}", args.join(", ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Code, FieldValue};

    #[test]
    fn calls_break_when_long() {
        let mut code = Code::new();
        code.open("fn f() {");
        code.call(
            "writer.write_field_begin",
            &["\"a\"", "__codegen::TType::I32", "1"],
            "?;",
        );
        let long = format!("\"{}\"", "x".repeat(50));
        code.call(
            "writer.write_field_begin",
            &[&long, "__codegen::TType::I32", "1"],
            "?;",
        );
        code.close("}");
        let expected = format!(
            "fn f() {{\n    writer.write_field_begin(\"a\", __codegen::TType::I32, 1)?;\n    \
             writer.write_field_begin(\n        {long},\n        __codegen::TType::I32,\n        1,\n    )?;\n}}\n"
        );
        assert_eq!(code.finish(), expected);
    }

    #[test]
    fn simple_expressions_print_inline() {
        let tokens = quote::quote!(__codegen::Some(-41));
        assert_eq!(
            super::inline_expr(&tokens).as_deref(),
            Some("__codegen::Some(-41)")
        );
        let tokens = quote::quote!(super::other::E::MEMBER);
        assert_eq!(
            super::inline_expr(&tokens).as_deref(),
            Some("super::other::E::MEMBER")
        );
        assert_eq!(super::inline_expr(&quote::quote!(P { x: 1 })), None);
    }

    #[test]
    fn struct_literals_follow_struct_lit_width() {
        let mut code = Code::new();
        let short = [(
            "success".to_owned(),
            FieldValue::Plain("field_0".to_owned()),
        )];
        code.struct_literal("__codegen::Ok(", &short, ")");
        let long = [
            ("a".to_owned(), FieldValue::Plain("field_0".to_owned())),
            ("b".to_owned(), FieldValue::Plain("field_1".to_owned())),
        ];
        code.struct_literal("__codegen::Ok(", &long, ")");
        code.struct_literal("__codegen::Ok(", &[], ")");
        assert_eq!(
            code.finish(),
            "__codegen::Ok(Self { success: field_0 })\n__codegen::Ok(Self {\n    a: field_0,\n    \
             b: field_1,\n})\n__codegen::Ok(Self {})\n"
        );
    }
}
