//! Calling through a trift JSON gateway (`trift call --transport gateway`):
//! the arguments, checked against the IDL and with defaults filled in, are
//! `POST`ed as JSON to the gateway's `/Service/method`, and its answer is
//! turned back into the [`Outcome`] a direct call gives, so the exit
//! statuses of `trift call` are the same either way.
//!
//! | gateway answer | outcome |
//! |---|---|
//! | 200 | [`Outcome::Success`] with the body |
//! | 202 | [`Outcome::Sent`] (oneway) |
//! | 422 `{"Name": {...}}` | [`Outcome::Exception`] |
//! | 504 | [`CallError::Timeout`] |
//! | any other status | [`CallError::Transport`] naming the status and the gateway's message |

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::Value as Json;

use crate::call::{self, CallError, CallOptions, Outcome};
use crate::gateway::DEFAULT_MAX_BODY;
use crate::json;
use crate::schema::{Schema, StructDesc};
use crate::value::Value;

/// The URL of `Service/method` under the gateway at `base` (`http://host:port`
/// or `host:port`, with or without a path prefix).
pub fn method_url(base: &str, service: &str, method: &str) -> String {
    let base = base.trim_end_matches('/');
    if base.starts_with("http://") {
        format!("{base}/{service}/{method}")
    } else {
        format!("http://{base}/{service}/{method}")
    }
}

/// Calls `target` (`SERVICE.METHOD`) with `args` (already checked by
/// [`call::arguments`]) through the gateway at `base`, with `options`'
/// headers and deadline. The protocol and multiplexing of `options` are the
/// gateway's business and do not apply.
pub async fn call(
    schema: &Schema,
    base: &str,
    target: &str,
    args: &[Option<Value>],
    options: &CallOptions,
) -> Result<Outcome, CallError> {
    if base.starts_with("https://") {
        return Err(CallError::Input(
            "https:// is not supported; use http://".into(),
        ));
    }
    let method = call::resolve_method(schema, target)?;
    let service = target
        .rsplit_once('.')
        .and_then(|(service, _)| schema.find_service(service))
        .and_then(|index| schema.services.get(index))
        .ok_or_else(|| CallError::Input(format!("`{target}` is not SERVICE.METHOD")))?;
    let desc: &StructDesc = schema
        .structs
        .get(method.args)
        .ok_or_else(|| CallError::Input("arguments outside the schema".into()))?;
    let body = json::struct_to_json(schema, desc, args, "")
        .map_err(|e| CallError::Input(e.to_string()))?;
    let body = serde_json::to_vec(&Json::Object(body))
        .map_err(|e| CallError::Input(format!("encoding the arguments: {e}")))?;

    let url = method_url(base, &service.name, &method.name);
    let mut request =
        http::Request::post(&url).header(http::header::CONTENT_TYPE, "application/json");
    for (name, value) in &options.headers {
        request = request.header(name.as_str(), value.as_str());
    }
    let request = request
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| CallError::Input(format!("{url}: {e}")))?;
    let mut connector = HttpConnector::new();
    connector.set_nodelay(true);
    connector.set_connect_timeout(Some(options.timeout));
    let client = Client::builder(TokioExecutor::new()).build(connector);

    let exchange = async {
        let response = client
            .request(request)
            .await
            .map_err(|e| CallError::Transport(format!("transport error: {url}: {e:?}")))?;
        let status = response.status().as_u16();
        let body = Limited::new(response.into_body(), DEFAULT_MAX_BODY)
            .collect()
            .await
            .map_err(|e| CallError::Transport(format!("transport error: {url}: {e}")))?
            .to_bytes();
        Ok::<_, CallError>((status, body))
    };
    let (status, body) = match tokio::time::timeout(options.timeout, exchange).await {
        Ok(answer) => answer?,
        Err(_) => {
            return Err(CallError::Timeout(format!(
                "no answer from {url} within {:?}",
                options.timeout
            )));
        }
    };
    outcome(&url, status, &body)
}

/// The outcome a gateway's answer stands for.
fn outcome(url: &str, status: u16, body: &[u8]) -> Result<Outcome, CallError> {
    let parsed: Result<Json, _> = serde_json::from_slice(body);
    let message = || match &parsed {
        Ok(json) => json
            .get("error")
            .and_then(Json::as_str)
            .map_or_else(|| json.to_string(), str::to_owned),
        Err(_) => String::from_utf8_lossy(body).trim().to_owned(),
    };
    match status {
        200 => parsed
            .map(Outcome::Success)
            .map_err(|e| CallError::Protocol(format!("{url} answered 200 without JSON: {e}"))),
        202 => Ok(Outcome::Sent),
        422 => match parsed {
            Ok(Json::Object(object)) if object.len() == 1 => {
                let Some((name, value)) = object.into_iter().next() else {
                    return Err(CallError::Protocol(format!("{url}: an empty 422")));
                };
                Ok(Outcome::Exception { name, value })
            }
            _ => Err(CallError::Protocol(format!(
                "{url} answered 422 without {{\"ExceptionName\": {{...}}}}: {}",
                message()
            ))),
        },
        504 => Err(CallError::Timeout(format!(
            "{url} answered 504: {}",
            message()
        ))),
        other => Err(CallError::Transport(format!(
            "{url} answered {other}: {}",
            message()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_join_base_service_and_method() {
        assert_eq!(
            method_url("http://127.0.0.1:8080/", "Calculator", "add"),
            "http://127.0.0.1:8080/Calculator/add"
        );
        assert_eq!(
            method_url("127.0.0.1:8080", "Calculator", "add"),
            "http://127.0.0.1:8080/Calculator/add"
        );
        assert_eq!(method_url("http://h/api", "S", "m"), "http://h/api/S/m");
    }

    #[test]
    fn answers_map_to_outcomes() {
        let url = "http://h/S/m";
        assert_eq!(outcome(url, 200, b"42"), Ok(Outcome::Success(42.into())));
        assert_eq!(outcome(url, 202, b"null"), Ok(Outcome::Sent));
        assert_eq!(
            outcome(url, 422, br#"{"Oops": {"why": "no"}}"#),
            Ok(Outcome::Exception {
                name: "Oops".into(),
                value: serde_json::json!({"why": "no"}),
            })
        );
        assert_eq!(
            outcome(url, 504, br#"{"error": "no answer within 1s"}"#),
            Err(CallError::Timeout(
                "http://h/S/m answered 504: no answer within 1s".into()
            ))
        );
        assert_eq!(
            outcome(url, 502, br#"{"error": "transport error: refused"}"#),
            Err(CallError::Transport(
                "http://h/S/m answered 502: transport error: refused".into()
            ))
        );
        assert_eq!(
            outcome(url, 404, b"not json"),
            Err(CallError::Transport(
                "http://h/S/m answered 404: not json".into()
            ))
        );
        assert!(matches!(
            outcome(url, 422, b"[]"),
            Err(CallError::Protocol(_))
        ));
    }
}
