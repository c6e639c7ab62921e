//! Hostile input: nothing may panic or overflow the stack, and every
//! rejection must be a diagnostic with a location.

use std::path::PathBuf;
use std::thread;

use trift_idl::parse::MAX_NESTING;
use trift_idl::{Compilation, check_source};

/// Runs `f` on a thread with a 2 MiB stack (the default for spawned threads,
/// made explicit), so a stack overflow would abort the test binary.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no panic")
}

fn first_error(compilation: &Compilation) -> String {
    compilation
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .map(|d| d.display(&compilation.sources).to_string())
        .unwrap_or_default()
}

/// A small deterministic generator (xorshift64*), enough for fuzz-style inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("trift-bad-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    path
}

#[test]
fn random_bytes_and_random_tokens_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    const TOKENS: &[&str] = &[
        "struct",
        "union",
        "exception",
        "service",
        "enum",
        "const",
        "typedef",
        "include",
        "namespace",
        "list",
        "map",
        "set",
        "<",
        ">",
        "{",
        "}",
        "(",
        ")",
        "[",
        "]",
        ":",
        ",",
        ";",
        "=",
        "&",
        "*",
        "i32",
        "string",
        "oneway",
        "throws",
        "extends",
        "required",
        "optional",
        "A",
        "B.c",
        "1",
        "-2",
        "0x1F",
        "1.5e3",
        "\"s\"",
        "'t'",
        "/**d*/",
        "//c\n",
        "#c\n",
        "/*",
        "*/",
        "\"",
        "\n",
        " ",
        "true",
        "void",
        "\u{FEFF}",
        "senum",
        "slist",
        "cpp_type",
    ];
    on_small_stack(move || {
        for _ in 0..400 {
            let len = rng.below(64);
            let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            let text = String::from_utf8_lossy(&bytes);
            let _ = check_source("random.thrift", &text);
            let n = rng.below(40);
            let text: String = (0..n)
                .map(|_| TOKENS[rng.below(TOKENS.len())])
                .collect::<Vec<_>>()
                .join(" ");
            let _ = check_source("tokens.thrift", &text);
        }
    });
}

#[test]
fn every_prefix_of_a_real_file_is_handled() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../idl/tutorial/calculator.thrift"
    );
    let text = std::fs::read_to_string(path).expect("read idl/tutorial/calculator.thrift");
    // The whole file (with its include) is accepted...
    assert!(!trift_idl::load(&[path], &[]).has_errors());
    // ...and no prefix of it panics (the include is not followed here).
    on_small_stack(move || {
        let mut rejected = 0;
        for (end, _) in text.char_indices() {
            let compilation = check_source("prefix.thrift", &text[..end]);
            if compilation.has_errors() {
                rejected += 1;
                // Every error of a truncated file has a location.
                for d in compilation.diagnostics.iter().filter(|d| d.is_error()) {
                    assert!(d.primary_span().is_some(), "{d:?}");
                }
            }
        }
        assert!(rejected > 0);
    });
}

#[test]
fn non_utf8_file_is_an_error_at_the_bad_byte() {
    let path = temp_file("latin1.thrift", b"struct A {\n  1: string caf\xe9\n}\n");
    let compilation = trift_idl::load(&[path], &[]);
    let error = first_error(&compilation);
    assert!(
        error.ends_with("latin1.thrift:2:16: error: file is not valid UTF-8"),
        "{error}"
    );
}

#[test]
fn ten_thousand_nested_containers_are_rejected_without_overflow() {
    let compilation = on_small_stack(|| {
        let n = 10_000;
        let text = format!("typedef {}i32{} Deep\n", "list<".repeat(n), ">".repeat(n));
        check_source("deep.thrift", &text)
    });
    let error = first_error(&compilation);
    assert!(error.contains("nested too deeply"), "{error}");
    let column = "typedef ".len() + 5 * MAX_NESTING + 5;
    assert!(
        error.starts_with(&format!("deep.thrift:1:{column}:")),
        "{error}"
    );
}

#[test]
fn ten_thousand_nested_parentheses_lists_and_maps_are_rejected() {
    for (open, close) in [("(", ")"), ("[", "]"), ("{", "}")] {
        let compilation = on_small_stack(move || {
            let n = 10_000;
            let text = format!(
                "const list<i32> x = {}{}\n",
                open.repeat(n),
                close.repeat(n)
            );
            check_source("deep.thrift", &text)
        });
        assert!(first_error(&compilation).contains("nested too deeply"));
    }
}

#[test]
fn nesting_at_the_limit_is_accepted_on_a_small_stack() {
    let model = on_small_stack(|| {
        // Each line opens at most MAX_NESTING brackets at once.
        let depth = MAX_NESTING - 1;
        let ty = format!("{}i32{}", "list<".repeat(depth), ">".repeat(depth));
        let value = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        let text = format!(
            "typedef {ty} Deep\nconst Deep d = {value}\nstruct S {{ 1: Deep d = {value} }}\n"
        );
        let compilation = check_source("limit.thrift", &text);
        assert!(!compilation.has_errors(), "{}", first_error(&compilation));
        let model = compilation.model.expect("model");
        // Serialising and dropping the deep model must not overflow either.
        serde_json::to_string(&model).expect("serialise").len()
    });
    assert!(model > 0);
}

#[test]
fn a_100_mb_string_literal_is_accepted() {
    let compilation = on_small_stack(|| {
        let mut text = String::with_capacity(100 * 1024 * 1024 + 64);
        text.push_str("const string big = \"");
        text.extend(std::iter::repeat_n('x', 100 * 1024 * 1024));
        text.push_str("\"\n");
        check_source("big.thrift", &text)
    });
    assert!(!compilation.has_errors(), "{}", first_error(&compilation));
}

#[test]
fn including_a_directory_or_itself_is_a_clear_error() {
    let dir = temp_file("placeholder.txt", b"")
        .parent()
        .expect("dir")
        .to_path_buf();
    std::fs::create_dir_all(dir.join("sub.thrift")).expect("dir");
    let path = temp_file("dir_include.thrift", b"include \"sub.thrift\"\n");
    let error = first_error(&trift_idl::load(&[path], &[]));
    assert!(error.contains("is a directory"), "{error}");
    let path = temp_file("self_include.thrift", b"include \"self_include.thrift\"\n");
    let error = first_error(&trift_idl::load(&[path], &[]));
    assert!(error.contains("include cycle"), "{error}");
    let error = first_error(&trift_idl::load(&[&dir], &[]));
    assert!(error.contains("is a directory"), "{error}");
}
