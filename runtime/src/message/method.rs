//! What generated code says about each service method: its args struct
//! ([`MethodArgs`]: wire name, oneway, idempotent, annotations) and its
//! result struct ([`MethodResult`]: how a handler's outcome fills it and how
//! a client reads it back).
//!
//! The generic call and dispatch helpers that generated services use
//! (`trift::__codegen`) are written once against these two traits, so a
//! generated method is a struct pair and a few lines, not its own copy of
//! the decode, dispatch and reply logic.

use crate::application_exception::ApplicationException;
use crate::codec::{Decode, Encode};
use crate::error::Error;

/// A method's arguments struct (Apache's `m_args`) and the method's metadata,
/// for layers that decide per method (retries only for idempotent methods).
pub trait MethodArgs: Encode + Decode + Send + Sync + 'static {
    /// The method's name on the wire.
    const METHOD: &'static str;
    /// Whether the method is `oneway` (no reply).
    const ONEWAY: bool;
    /// Whether the method is annotated `(idempotent)` (with any value but
    /// `false` or `0`): calling it twice has the effect of calling it once,
    /// so it may be retried.
    const IDEMPOTENT: bool;
    /// The method's IDL annotations, `(key, value)` in order.
    const ANNOTATIONS: &'static [(&'static str, &'static str)];
    /// The method's result struct, a [`MethodResult`]; `()` for oneway.
    type Result;
}

/// A two-way method's result struct (Apache's `m_result`): `success` under
/// id 0 (none for `void`) and one field per declared exception.
pub trait MethodResult: Encode + Decode + Send + Sync + 'static {
    /// What the method returns (`()` for `void`).
    type Success: Send + 'static;
    /// How it fails: [`Error`] for a method without declared exceptions,
    /// else its generated error enum.
    type Error: From<Error> + Send + 'static;

    /// The result struct carrying `success`.
    fn from_success(success: Self::Success) -> Self;

    /// The result struct carrying a declared exception, or, for any other
    /// error, the `TApplicationException` the server sends instead.
    fn from_error(error: Self::Error) -> Result<Self, ApplicationException>;

    /// What the client gets from a received result struct: the success
    /// value or the declared exception that is set (`Ok(())` for a `void`
    /// method with neither); `None` when the struct holds neither (the
    /// client then reports `MISSING_RESULT`).
    fn into_outcome(self) -> Option<Result<Self::Success, Self::Error>>;
}
