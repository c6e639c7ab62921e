//! The Apache IDL corpus was compiled into this crate. Without the corpus the
//! build script compiles `idl/` only, and this test is skipped (a failure in
//! CI, where the build script already fails).

#[test]
fn the_apache_corpus_is_compiled() {
    if let Some(reason) = option_env!("TRIFT_CORPUS_MISSING") {
        trift_test_skip::skip(reason);
        return;
    }
    let files: usize = env!("TRIFT_CORPUS_FILES")
        .parse()
        .expect("TRIFT_CORPUS_FILES is a count");
    assert!(
        files > 0,
        "the corpus's verdict file lists no file that Apache accepts"
    );
}
