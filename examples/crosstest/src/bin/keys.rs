//! Test keys for the cross test's `--ssl` runs, in the layout of Apache's
//! `test/keys` directory.
//!
//! ```text
//! crosstest-keys DIR
//! ```
//!
//! Writes a fresh CA and two certificates it signs, all X.509 v3, for
//! `127.0.0.1` and `localhost`: `CA.pem` (the CA certificate),
//! `server.crt` + `server.key`, `client.crt` + `client.key`, and
//! `server.pem` / `client.pem` (certificate, CA certificate and key in one
//! file, as Apache's Python programs load them). The keys are made on every
//! run and never committed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};

/// The names every certificate is valid for.
const NAMES: [&str; 2] = ["127.0.0.1", "localhost"];

/// One leaf certificate signed by the CA: PEM of the certificate and its key.
struct Leaf {
    cert: String,
    key: String,
}

fn leaf(
    common_name: &str,
    purpose: ExtendedKeyUsagePurpose,
    ca: &Issuer<'_, KeyPair>,
) -> Result<Leaf, rcgen::Error> {
    let mut params = CertificateParams::new(NAMES.map(String::from).to_vec())?;
    params
        .distinguished_name
        .push(DnType::CommonName, common_name);
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    params.extended_key_usages = vec![purpose];
    params.use_authority_key_identifier_extension = true;
    let key = KeyPair::generate()?;
    let cert = params.signed_by(&key, ca)?;
    Ok(Leaf {
        cert: cert.pem(),
        key: key.serialize_pem(),
    })
}

fn write(dir: &Path, name: &str, text: &str) -> Result<(), String> {
    let path = dir.join(name);
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn generate(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut ca_params = CertificateParams::new(Vec::new()).map_err(|e| e.to_string())?;
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "trift cross-test CA");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_key = KeyPair::generate().map_err(|e| e.to_string())?;
    let ca_cert = ca_params.self_signed(&ca_key).map_err(|e| e.to_string())?;
    let ca_pem = ca_cert.pem();
    let issuer = Issuer::new(ca_params, ca_key);
    write(dir, "CA.pem", &ca_pem)?;
    for (name, purpose) in [
        ("server", ExtendedKeyUsagePurpose::ServerAuth),
        ("client", ExtendedKeyUsagePurpose::ClientAuth),
    ] {
        let made = leaf(&format!("trift cross-test {name}"), purpose, &issuer)
            .map_err(|e| e.to_string())?;
        write(dir, &format!("{name}.crt"), &made.cert)?;
        write(dir, &format!("{name}.key"), &made.key)?;
        write(
            dir,
            &format!("{name}.pem"),
            &format!("{}{}{}", made.cert, ca_pem, made.key),
        )?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(dir), None) = (args.next(), args.next()) else {
        eprintln!("usage: crosstest-keys DIR");
        return ExitCode::from(2);
    };
    match generate(&PathBuf::from(dir)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("crosstest-keys: {e}");
            ExitCode::FAILURE
        }
    }
}
