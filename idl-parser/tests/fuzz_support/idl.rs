//! The oracle of the `idl_parser` fuzz target (`fuzz/`), shared with the
//! regression test that replays found inputs in CI
//! (`tests/fuzz_regressions.rs`): any bytes, as IDL text, through the parser,
//! the resolver, the diagnostic renderer, the JSON model dump and the
//! compatibility checker.
//!
//! Rejections are fine; what must hold:
//! - nothing panics, overflows the stack or hangs;
//! - every error points at the text (`file:line:col`), and renders;
//! - a model is returned exactly when there is no error;
//! - an accepted contract compared with itself has no findings.

use trift_idl::compat::{Contract, Options, compare};
use trift_idl::{check_source, render};

/// Runs the oracle on one input.
pub fn check_idl(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let compilation = check_source("fuzz.thrift", &text);
    for diagnostic in &compilation.diagnostics {
        if diagnostic.is_error() {
            assert!(
                diagnostic.primary_span().is_some(),
                "an error without a location: {diagnostic:?}"
            );
        }
        let rendered = render::render(diagnostic, &compilation.sources);
        assert!(!rendered.is_empty(), "an empty rendering of {diagnostic:?}");
    }
    assert_eq!(
        compilation.model.is_some(),
        !compilation.has_errors(),
        "a model exactly when there is no error"
    );
    let Some(model) = &compilation.model else {
        return;
    };
    assert!(!model.to_json().is_empty(), "an empty model dump");
    let contract = Contract::from_source("fuzz.thrift", &text)
        .unwrap_or_else(|_| panic!("accepted once, rejected as a contract"));
    let report = compare(&contract, &contract, &Options::default());
    assert!(
        report.findings.is_empty(),
        "a contract differs from itself: {:?}",
        report.findings
    );
}
