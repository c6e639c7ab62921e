//! TLS on a trift server (the `tls` feature): mutual TLS succeeds with the
//! right certificates; a client that trusts another CA, a client without a
//! certificate, a server certificate that has expired, a plaintext client
//! and a client that never starts the handshake all fail; a handler sees the
//! names of a verified client certificate. Certificates are made here with
//! rcgen.

#![cfg(feature = "tls")]
#![allow(clippy::unwrap_used)]

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair, SanType};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use trift::context::PeerIdentity;
use trift::{Server, ServerReply, ServerRequest, tls};

#[path = "support/empty.rs"]
mod empty;

/// A CA, and a certificate it signed for 127.0.0.1, all as PEM.
struct Pki {
    ca: String,
    cert: String,
    key: String,
}

fn pki(expired: bool) -> Pki {
    pki_for(expired, vec![SanType::IpAddress([127, 0, 0, 1].into())])
}

/// A CA, and a certificate it signed for the subject alternative names
/// `names`.
fn pki_for(expired: bool, names: Vec<SanType>) -> Pki {
    let mut ca_params = CertificateParams::new(Vec::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca_key = KeyPair::generate().unwrap();
    let ca = ca_params.self_signed(&ca_key).unwrap().pem();
    let issuer = Issuer::new(ca_params, ca_key);
    let mut params = CertificateParams::new(Vec::new()).unwrap();
    params.subject_alt_names = names;
    if expired {
        params.not_before = rcgen::date_time_ymd(2000, 1, 1);
        params.not_after = rcgen::date_time_ymd(2001, 1, 1);
    }
    let key = KeyPair::generate().unwrap();
    let cert = params.signed_by(&key, &issuer).unwrap().pem();
    Pki {
        ca,
        cert,
        key: key.serialize_pem(),
    }
}

/// A TLS server requiring client certificates signed by `client_ca`.
async fn serve(server: &Pki, client_ca: &str, handshake_timeout: Duration) -> SocketAddr {
    let config = tls::server_config(
        server.cert.as_bytes(),
        server.key.as_bytes(),
        Some(client_ca.as_bytes()),
    )
    .unwrap();
    let service = tower::service_fn(|_request: ServerRequest| {
        std::future::ready(Ok::<Option<ServerReply>, Infallible>(None))
    });
    let bound = Server::builder()
        .tls(config)
        .tls_handshake_timeout(handshake_timeout)
        .bind("127.0.0.1:0")
        .await
        .unwrap();
    let addr = bound.local_addr();
    tokio::spawn(bound.serve(service));
    addr
}

/// A TLS server (requiring client certificates signed by `client_ca` when
/// given) whose handler records the peer identity of every call it serves.
async fn serve_recording(
    server: &Pki,
    client_ca: Option<&str>,
) -> (SocketAddr, Arc<Mutex<Vec<Option<PeerIdentity>>>>) {
    let config = tls::server_config(
        server.cert.as_bytes(),
        server.key.as_bytes(),
        client_ca.map(str::as_bytes),
    )
    .unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    let service = tower::service_fn(move |_request: ServerRequest| {
        let identity = trift::context::current().and_then(|call| call.peer_identity().cloned());
        record.lock().unwrap().push(identity);
        std::future::ready(Ok::<Option<ServerReply>, Infallible>(None))
    });
    let bound = Server::builder()
        .tls(config)
        .bind("127.0.0.1:0")
        .await
        .unwrap();
    let addr = bound.local_addr();
    tokio::spawn(bound.serve(service));
    (addr, seen)
}

/// A whole framed binary call (method `ping`, empty arguments): the server
/// answers it (with `MISSING_RESULT`, its service has no reply).
fn call() -> Vec<u8> {
    let mut call = vec![0, 0, 0, 17, 0x80, 0x01, 0x00, 0x01, 0, 0, 0, 4];
    call.extend_from_slice(b"ping");
    call.extend_from_slice(&[0, 0, 0, 1, 0]);
    call
}

/// A TLS handshake with the server, then one call and the first byte of its
/// reply (TLS 1.3 reports a refused client certificate only there).
async fn handshake(
    addr: SocketAddr,
    trust: &str,
    identity: Option<&Pki>,
) -> Result<(), std::io::Error> {
    let identity = identity.map(|p| (p.cert.as_bytes(), p.key.as_bytes()));
    let config = tls::client_config(trust.as_bytes(), identity).unwrap();
    let connector = tokio_rustls::TlsConnector::from(config);
    let tcp = TcpStream::connect(addr).await?;
    let name = rustls_name();
    let mut stream = connector.connect(name, tcp).await?;
    stream.write_all(&call()).await?;
    stream.flush().await?;
    let mut byte = [0u8; 1];
    stream.read_exact(&mut byte).await?;
    Ok(())
}

fn rustls_name() -> tokio_rustls::rustls::pki_types::ServerName<'static> {
    tokio_rustls::rustls::pki_types::ServerName::try_from("127.0.0.1".to_string()).unwrap()
}

const LONG: Duration = Duration::from_secs(30);

#[tokio::test]
async fn mutual_tls_with_the_right_certificates_succeeds() {
    let (server, client) = (pki(false), pki(false));
    let addr = serve(&server, &client.ca, LONG).await;
    handshake(addr, &server.ca, Some(&client)).await.unwrap();
}

#[tokio::test]
async fn a_client_trusting_another_ca_refuses_the_server() {
    let (server, client, other) = (pki(false), pki(false), pki(false));
    let addr = serve(&server, &client.ca, LONG).await;
    let err = handshake(addr, &other.ca, Some(&client)).await.unwrap_err();
    assert!(err.to_string().contains("certificate"), "{err}");
}

#[tokio::test]
async fn a_client_without_a_certificate_is_refused() {
    let (server, client) = (pki(false), pki(false));
    let addr = serve(&server, &client.ca, LONG).await;
    let err = handshake(addr, &server.ca, None).await.unwrap_err();
    assert!(
        err.to_string().to_lowercase().contains("certificate"),
        "{err}"
    );
}

#[tokio::test]
async fn an_expired_server_certificate_is_refused() {
    let (server, client) = (pki(true), pki(false));
    let addr = serve(&server, &client.ca, LONG).await;
    let err = handshake(addr, &server.ca, Some(&client))
        .await
        .unwrap_err();
    assert!(err.to_string().to_lowercase().contains("expired"), "{err}");
}

#[tokio::test]
async fn a_plaintext_client_gets_no_thrift_answer() {
    let (server, client) = (pki(false), pki(false));
    let addr = serve(&server, &client.ca, LONG).await;
    let mut tcp = TcpStream::connect(addr).await.unwrap();
    // A plaintext server would answer this call.
    tcp.write_all(&call()).await.unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(LONG, tcp.read_to_end(&mut answer))
        .await
        .unwrap();
    // The server drops the connection; whatever it sent is a TLS alert
    // (record type 21), never a Thrift reply.
    if read.is_ok() {
        assert!(answer.is_empty() || answer[0] == 21, "{answer:?}");
    }
}

#[tokio::test]
async fn a_client_that_never_starts_the_handshake_is_dropped() {
    let (server, client) = (pki(false), pki(false));
    let addr = serve(&server, &client.ca, Duration::from_millis(200)).await;
    let mut tcp = TcpStream::connect(addr).await.unwrap();
    let mut answer = Vec::new();
    // Closed by the server's handshake timeout, well before this one.
    let read = tokio::time::timeout(LONG, tcp.read_to_end(&mut answer))
        .await
        .expect("the server closes a silent connection");
    if let Ok(n) = read {
        assert_eq!(n, 0);
    }
}

#[tokio::test]
async fn a_handler_sees_the_names_of_the_verified_client_certificate() {
    let server = pki(false);
    let names = vec![
        SanType::DnsName("orders.internal".try_into().unwrap()),
        SanType::URI("spiffe://example.org/orders".try_into().unwrap()),
    ];
    let client = pki_for(false, names);
    let (addr, seen) = serve_recording(&server, Some(&client.ca)).await;
    // A plain framed call: over TLS it has a context all the same.
    handshake(addr, &server.ca, Some(&client)).await.unwrap();
    let seen = seen.lock().unwrap();
    let identity = seen[0].as_ref().expect("the handler sees an identity");
    assert_eq!(identity.dns_names(), ["orders.internal"]);
    assert_eq!(identity.uris(), ["spiffe://example.org/orders"]);
    assert_eq!(identity.chain().len(), 1);
    let presented = der_of(&client.cert);
    assert_eq!(identity.certificate(), presented.as_slice());
}

#[tokio::test]
async fn without_client_certificates_a_handler_sees_no_identity() {
    let server = pki(false);
    let (addr, seen) = serve_recording(&server, None).await;
    handshake(addr, &server.ca, None).await.unwrap();
    assert_eq!(*seen.lock().unwrap(), vec![None]);
}

#[cfg(feature = "http")]
#[tokio::test]
async fn an_https_channel_calls_a_mutual_tls_server_plain_and_in_theader_bodies() {
    use tower::ServiceExt;
    use trift::{ApplicationExceptionKind, ClientRequest, Error, HttpChannel};
    let server = pki(false);
    let client = pki_for(
        false,
        vec![SanType::DnsName("billing.internal".try_into().unwrap())],
    );
    let (addr, seen) = serve_recording(&server, Some(&client.ca)).await;
    for theader in [false, true] {
        let config = tls::client_config(
            server.ca.as_bytes(),
            Some((client.cert.as_bytes(), client.key.as_bytes())),
        )
        .unwrap();
        let channel = HttpChannel::builder(format!("https://{addr}/"))
            .tls(config)
            .theader(theader)
            .call_timeout(LONG)
            .build()
            .unwrap();
        let reply = channel
            .oneshot(ClientRequest::call("ping", empty::Empty))
            .await
            .unwrap();
        // The server's service answers nothing: MISSING_RESULT, over HTTPS.
        match reply.decode_result::<empty::Empty>() {
            Err(Error::Application(exception)) => {
                assert_eq!(exception.kind, ApplicationExceptionKind::MissingResult);
            }
            other => panic!("theader {theader}: expected MISSING_RESULT, got {other:?}"),
        }
    }
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    for identity in seen.iter() {
        let identity = identity.as_ref().expect("the handler sees an identity");
        assert_eq!(identity.dns_names(), ["billing.internal"]);
    }
}

#[cfg(feature = "http")]
#[tokio::test]
async fn an_https_url_needs_a_tls_configuration_and_the_right_ca() {
    use tower::ServiceExt;
    use trift::{ClientRequest, HttpChannel};
    let err = HttpChannel::builder("https://127.0.0.1:1/")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("TLS configuration"), "{err}");
    let (server, other) = (pki(false), pki(false));
    let (addr, seen) = serve_recording(&server, None).await;
    let config = tls::client_config(other.ca.as_bytes(), None).unwrap();
    let channel = HttpChannel::builder(format!("https://{addr}/"))
        .tls(config)
        .call_timeout(LONG)
        .build()
        .unwrap();
    let err = channel
        .oneshot(ClientRequest::call("ping", empty::Empty))
        .await
        .unwrap_err();
    assert!(
        err.to_string().to_lowercase().contains("certificate"),
        "{err}"
    );
    assert!(seen.lock().unwrap().is_empty());
}

/// The DER bytes of a one-certificate PEM.
fn der_of(pem: &str) -> Vec<u8> {
    use tokio_rustls::rustls::pki_types::CertificateDer;
    use tokio_rustls::rustls::pki_types::pem::PemObject;
    CertificateDer::from_pem_slice(pem.as_bytes())
        .unwrap()
        .to_vec()
}

#[test]
fn pem_errors_are_typed() {
    let err = tls::server_config(b"not pem", b"not pem", None).unwrap_err();
    assert!(matches!(err, tls::TlsError::Pem { .. }), "{err}");
    let err = tls::client_config(b"", None).unwrap_err();
    assert!(matches!(err, tls::TlsError::Pem { .. }), "{err}");
}
