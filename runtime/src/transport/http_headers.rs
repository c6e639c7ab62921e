//! Call context as HTTP headers: the headers of a request or response as
//! [`Metadata`] (without those that belong to HTTP itself), and metadata
//! written into a header map.

use http::header::{HeaderMap, HeaderName, HeaderValue};

use crate::context::Metadata;

/// Headers that frame the HTTP exchange itself, never call metadata.
const HTTP_OWN: [&str; 14] = [
    "host",
    "content-type",
    "content-length",
    "connection",
    "keep-alive",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
    "expect",
    "date",
    "accept",
    "access-control-allow-origin",
    "proxy-connection",
];

/// The call metadata among `headers`: every header with a UTF-8 value,
/// except those of [`HTTP_OWN`]. A name repeated keeps its last value.
pub(crate) fn metadata_of(headers: &HeaderMap) -> Metadata {
    headers
        .iter()
        .filter(|(name, _)| !HTTP_OWN.contains(&name.as_str()))
        .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
        .collect()
}

/// Writes `pairs` into `headers`, replacing headers of the same name. A
/// name or value HTTP cannot carry is an error naming it.
pub(crate) fn write_pairs<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    headers: &mut HeaderMap,
) -> Result<(), String> {
    for (key, value) in pairs {
        let name = HeaderName::try_from(key.to_ascii_lowercase())
            .map_err(|_| format!("{key:?} is not a valid HTTP header name"))?;
        if HTTP_OWN.contains(&name.as_str()) {
            return Err(format!("{key:?} is an HTTP header of the transport itself"));
        }
        let value = HeaderValue::try_from(value)
            .map_err(|_| format!("the value of {key:?} is not a valid HTTP header value"))?;
        headers.insert(name, value);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use http::header::{HeaderMap, HeaderValue};

    use super::{metadata_of, write_pairs};

    #[test]
    fn call_headers_cross_and_http_own_ones_stay_out() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "content-type",
            HeaderValue::from_static("application/x-thrift"),
        );
        write_pairs([("Tenant", "acme"), ("traceparent", "x")], &mut headers).unwrap();
        let metadata = metadata_of(&headers);
        assert_eq!(
            metadata.iter().collect::<Vec<_>>(),
            [("tenant", "acme"), ("traceparent", "x")]
        );
    }

    #[test]
    fn what_http_cannot_carry_is_an_error_naming_it() {
        let mut headers = HeaderMap::new();
        let bad_name = write_pairs([("no spaces", "v")], &mut headers).unwrap_err();
        assert!(bad_name.contains("no spaces"), "{bad_name}");
        let bad_value = write_pairs([("k", "line\nbreak")], &mut headers).unwrap_err();
        assert!(bad_value.contains("\"k\""), "{bad_value}");
        let own = write_pairs([("Content-Length", "1")], &mut headers).unwrap_err();
        assert!(own.contains("Content-Length"), "{own}");
    }
}
