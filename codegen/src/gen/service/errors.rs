//! The error enum of a method with declared exceptions (`CalcDivideError`),
//! written as formatted text ([`crate::text::Code`]).
//!
//! One variant per declared exception (its field name in camel case), then
//! `Application`, `Transport`, `Refused` and `Protocol`, mirroring
//! `trift::Error`; `into_application_exception` (what a server sends for an
//! error that is no declared exception), `CallError` (declared exceptions
//! are the server's answer, never a fallback case), `From` the runtime's
//! errors and each exception type declared once, `Display` and `Error`.

use super::{MethodNames, ServiceNames};
use crate::emit::{Ctx, ty};
use crate::plan::MethodPlan;
use crate::text::Code;

/// The error enum of `method`, which declares exceptions.
pub(crate) fn error_enum(
    ctx: &Ctx<'_>,
    service: &ServiceNames,
    method: &MethodPlan<'_>,
    names: &MethodNames,
) -> String {
    let function = method.function;
    let name = names.error.as_str();
    let throws: Vec<(&str, &str, i32, String)> = function
        .throws
        .iter()
        .zip(&names.throw_variants)
        .zip(&method.throws)
        .map(|((throw, variant), rust_type)| {
            (
                throw.name.as_str(),
                variant.as_str(),
                throw.id,
                ty::spell_text(ctx, rust_type),
            )
        })
        .collect();
    let mut code = Code::new();
    code.line(&format!(
        "/// Why a call of `{}.{}` failed.",
        service.idl, function.name
    ));
    code.line("#[derive(Debug, Clone)]");
    code.line("#[allow(clippy::large_enum_variant)]");
    code.open(&format!("pub enum {name} {{"));
    for (idl, variant, id, rust_type) in &throws {
        code.line(&format!("/// The declared exception `{idl}` (id {id})."));
        code.line(&format!("{variant}({rust_type}),"));
    }
    for line in [
        "/// The server answered with a `TApplicationException` (or a",
        "/// handler fails with one).",
        "Application(__codegen::ApplicationException),",
        "/// The transport failed.",
        "Transport(__codegen::TransportError),",
        "/// The call was refused locally and not sent (overload, open",
        "/// circuit, no endpoint).",
        "Refused(__codegen::Refusal),",
        "/// A message could not be encoded or decoded.",
        "Protocol(__codegen::ProtocolError),",
    ] {
        code.line(line);
    }
    code.close("}");

    code.open(&format!("impl {name} {{"));
    for line in [
        "/// The `TApplicationException` a server sends for this error",
        "/// when it is not a declared exception: application exceptions",
        "/// pass through, anything else is `INTERNAL_ERROR`.",
    ] {
        code.line(line);
    }
    code.open("pub fn into_application_exception(self) -> __codegen::ApplicationException {");
    code.open("match self {");
    code.line("Self::Application(err) => err,");
    for (variant, binding) in [("Transport", "err"), ("Refused", "refusal")] {
        code.open(&format!("Self::{variant}({binding}) => {{"));
        code.line(&format!(
            "__codegen::RpcError::{variant}({binding}).into_application_exception()"
        ));
        code.close("}");
    }
    code.line(
        "Self::Protocol(err) => __codegen::RpcError::Protocol(err).into_application_exception(),",
    );
    code.open("other => __codegen::ApplicationException::new(");
    code.line("__codegen::ApplicationExceptionKind::InternalError,");
    code.line("__codegen::ToString::to_string(&other),");
    code.close("),");
    code.close("}");
    code.close("}");
    code.close("}");

    code.impl_header("impl __codegen::CallError", &format!("for {name}"));
    code.open("fn failure_kind(&self) -> __codegen::FailureKind {");
    code.open("match self {");
    for kind in ["Application", "Transport", "Refused", "Protocol"] {
        code.line(&format!(
            "Self::{kind}(_) => __codegen::FailureKind::{kind},"
        ));
    }
    code.line("_ => __codegen::FailureKind::Declared,");
    code.close("}");
    code.close("}");
    code.close("}");

    code.impl_header(
        "impl __codegen::From<__codegen::RpcError>",
        &format!("for {name}"),
    );
    code.open("fn from(err: __codegen::RpcError) -> Self {");
    code.open("match err {");
    for (variant, binding) in [
        ("Application", "err"),
        ("Transport", "err"),
        ("Refused", "refusal"),
        ("Protocol", "err"),
    ] {
        code.line(&format!(
            "__codegen::RpcError::{variant}({binding}) => Self::{variant}({binding}),"
        ));
    }
    code.close("}");
    code.close("}");
    code.close("}");

    code.impl_header(
        "impl __codegen::From<__codegen::ApplicationException>",
        &format!("for {name}"),
    );
    code.open("fn from(err: __codegen::ApplicationException) -> Self {");
    code.line("Self::Application(err)");
    code.close("}");
    code.close("}");

    // `From` only for a type that exactly one declared exception has.
    for (_, variant, _, rust_type) in &throws {
        let unique = throws.iter().filter(|(_, _, _, t)| t == rust_type).count() == 1;
        if !unique {
            continue;
        }
        code.impl_header(
            &format!("impl __codegen::From<{rust_type}>"),
            &format!("for {name}"),
        );
        code.open(&format!("fn from(err: {rust_type}) -> Self {{"));
        code.line(&format!("Self::{variant}(err)"));
        code.close("}");
        code.close("}");
    }

    code.impl_header("impl __codegen::fmt::Display", &format!("for {name}"));
    code.open("fn fmt(&self, f: &mut __codegen::fmt::Formatter<'_>) -> __codegen::fmt::Result {");
    code.open("match self {");
    for (idl, variant, _, _) in &throws {
        code.line(&format!(
            "Self::{variant}(err) => write!(f, \"declared exception `{idl}`: {{:?}}\", err),"
        ));
    }
    for line in [
        "Self::Application(err) => write!(f, \"application error: {err}\"),",
        "Self::Transport(err) => write!(f, \"transport error: {err}\"),",
        "Self::Refused(refusal) => write!(f, \"call refused: {refusal}\"),",
        "Self::Protocol(err) => write!(f, \"protocol error: {err}\"),",
    ] {
        code.line(line);
    }
    code.close("}");
    code.close("}");
    code.close("}");

    code.impl_header("impl __codegen::Error", &format!("for {name}"));
    code.open("fn source(&self) -> __codegen::Option<&(dyn __codegen::Error + 'static)> {");
    code.open("match self {");
    for line in [
        "Self::Application(err) => __codegen::Some(err),",
        "Self::Transport(err) => __codegen::Some(err),",
        "Self::Refused(refusal) => __codegen::Some(refusal),",
        "Self::Protocol(err) => __codegen::Some(err),",
        "_ => __codegen::None,",
    ] {
        code.line(line);
    }
    code.close("}");
    code.close("}");
    code.close("}");
    code.finish()
}
