//! The verified identity of a mutual-TLS client: its certificate chain as
//! it presented it (end-entity first, already verified against the server's
//! client CA by rustls) and the names in the end-entity certificate's
//! subject alternative names. A handler reads it with
//! [`super::CallContext::peer_identity`].

use bytes::Bytes;

/// Who the client is, as its verified TLS certificate says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerIdentity {
    chain: Vec<Bytes>,
    dns_names: Vec<String>,
    uris: Vec<String>,
}

impl PeerIdentity {
    /// The DER certificates the client presented, end-entity first.
    pub fn chain(&self) -> &[Bytes] {
        &self.chain
    }

    /// The client's own (end-entity) certificate, DER.
    pub fn certificate(&self) -> &[u8] {
        self.chain.first().map_or(&[], |der| der.as_ref())
    }

    /// The DNS names of the certificate's subject alternative names.
    pub fn dns_names(&self) -> &[String] {
        &self.dns_names
    }

    /// The URIs of the certificate's subject alternative names (a SPIFFE
    /// id, `spiffe://trust-domain/path`, is one).
    pub fn uris(&self) -> &[String] {
        &self.uris
    }

    /// The identity of a chain rustls verified; `None` when there is no
    /// certificate or the end-entity one does not parse (rustls verified
    /// it, so that does not happen in practice).
    #[cfg(feature = "tls")]
    pub(crate) fn from_verified_chain(
        chain: &[rustls::pki_types::CertificateDer<'_>],
    ) -> Option<PeerIdentity> {
        let leaf = chain.first()?;
        let parsed = webpki::EndEntityCert::try_from(leaf).ok()?;
        Some(PeerIdentity {
            dns_names: parsed.valid_dns_names().map(str::to_owned).collect(),
            uris: parsed.valid_uri_names().map(str::to_owned).collect(),
            chain: chain
                .iter()
                .map(|der| Bytes::copy_from_slice(der.as_ref()))
                .collect(),
        })
    }
}
