//! Shared helpers for trift's cross-crate integration and interop tests.
